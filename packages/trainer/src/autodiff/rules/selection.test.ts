import { describe, expect, it } from 'vitest';
import { feed, gradientCheck, tolerance } from '../__fixtures__/gradient-check.js';

describe('selection and masking gradient rules', () => {
  it('Where with a broadcast condition and branches', async () => {
    const error = await gradientCheck({
      label: 'Where (broadcast)',
      build: (g) => {
        const cond = g.addInput('cond', 'bool', [1, 3]);
        const a = g.addInput('a', 'float32', [2, 3]);
        const b = g.addInput('b', 'float32', [2, 1]);
        return { output: g.op('Where', [cond, a, b]), wrt: [a, b] };
      },
      feeds: {
        cond: { dims: [1, 3], values: [1, 0, 1], dtype: 'bool' },
        a: feed([2, 3], 1),
        b: feed([2, 1], 2),
      },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it.each(['Max', 'Min'])('%s of two inputs (distinct values, broadcast)', async (op) => {
    const error = await gradientCheck({
      label: `${op} (broadcast)`,
      build: (g) => {
        const a = g.addInput('a', 'float32', [2, 3]);
        const b = g.addInput('b', 'float32', [3]);
        return { output: g.op(op, [a, b]), wrt: [a, b] };
      },
      feeds: {
        a: { dims: [2, 3], values: [0.1, -0.8, 1.5, -1.2, 0.9, 0.3] },
        b: { dims: [3], values: [0.5, -0.2, 0.7] },
      },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('Max as a finite mask floor: Max(mask, −1e9)', async () => {
    const error = await gradientCheck({
      label: 'Max (mask floor)',
      build: (g) => {
        const scores = g.addInput('scores', 'float32', [2, 3]);
        return { output: g.op('Max', [scores, g.scalar(-1e9)]), wrt: [scores] };
      },
      feeds: { scores: feed([2, 3], 3) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it.each([0, 1])('Trilu upper=%i', async (upper) => {
    const error = await gradientCheck({
      label: `Trilu (upper ${upper})`,
      build: (g) => {
        const x = g.addInput('x', 'float32', [2, 3, 3]);
        return { output: g.op('Trilu', [x], { upper }), wrt: [x] };
      },
      feeds: { x: feed([2, 3, 3], 4) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });
});
