import { describe, expect, it } from 'vitest';
import { feed, gradientCheck, tolerance } from '../__fixtures__/gradient-check.js';

describe('Concat and Split gradient rules', () => {
  it('Concat of three inputs along axis 1', async () => {
    const error = await gradientCheck({
      label: 'Concat (axis 1)',
      build: (g) => {
        const inputs = [
          g.addInput('a', 'float32', [2, 1, 3]),
          g.addInput('b', 'float32', [2, 2, 3]),
          g.addInput('c', 'float32', [2, 3, 3]),
        ];
        return { output: g.op('Concat', inputs, { axis: 1 }), wrt: inputs };
      },
      feeds: { a: feed([2, 1, 3], 1), b: feed([2, 2, 3], 2), c: feed([2, 3, 3], 3) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('Concat along a symbolic-free axis with a symbolic batch dim', async () => {
    const error = await gradientCheck({
      label: 'Concat (symbolic dims)',
      build: (g) => {
        const a = g.addInput('a', 'float32', ['batch', 2]);
        const b = g.addInput('b', 'float32', ['batch', 3]);
        return {
          output: g.op('Reshape', [g.op('Concat', [a, b], { axis: -1 }), g.int64s([2, 5])]),
          wrt: [a, b],
        };
      },
      feeds: { a: feed([2, 2], 4), b: feed([2, 3], 5) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('Split with sizes where one output is unused (zeros fill its gradient)', async () => {
    const error = await gradientCheck({
      label: 'Split (sizes, unused output)',
      build: (g) => {
        const x = g.addInput('x', 'float32', [2, 6]);
        const [first, , third] = g.node('Split', [x, g.int64s([1, 2, 3])], {
          attributes: { axis: 1 },
          outputs: 3,
        }) as [string, string, string];
        return {
          output: g.op('Concat', [third, g.op('Mul', [first, first])], { axis: 1 }),
          wrt: [x],
        };
      },
      feeds: { x: feed([2, 6], 6) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('Split into equal parts (num_outputs)', async () => {
    const error = await gradientCheck({
      label: 'Split (num_outputs)',
      build: (g) => {
        const x = g.addInput('x', 'float32', [4, 3]);
        const [a, b] = g.node('Split', [x], {
          attributes: { axis: 0, num_outputs: 2 },
          outputs: 2,
        }) as [string, string];
        return { output: g.op('Mul', [a, b]), wrt: [x] };
      },
      feeds: { x: feed([4, 3], 7) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });
});
