import { describe, expect, it } from 'vitest';
import { feed, gradientCheck, tolerance } from '../__fixtures__/gradient-check.js';

describe('softmax gradient rules', () => {
  it.each([
    ['Softmax', -1],
    ['Softmax', 1],
    ['LogSoftmax', -1],
    ['LogSoftmax', 0],
  ])('%s over axis %i of a 3-D tensor', async (op, axis) => {
    const error = await gradientCheck({
      label: `${op} (axis ${axis})`,
      build: (g) => {
        const x = g.addInput('x', 'float32', [2, 3, 4]);
        return { output: g.op(op, [x], { axis }), wrt: [x] };
      },
      feeds: { x: feed([2, 3, 4], 1, 0, 2) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('masked attention scores: Add(−1e9 mask) then Softmax', async () => {
    const error = await gradientCheck({
      label: 'Softmax (causal −1e9 mask)',
      build: (g) => {
        const x = g.addInput('x', 'float32', [2, 3, 3]);
        const mask = g.addInitializer(
          'mask',
          'float32',
          [3, 3],
          Float32Array.from([0, -1e9, -1e9, 0, 0, -1e9, 0, 0, 0]),
        );
        return { output: g.op('Softmax', [g.op('Add', [x, mask])], { axis: -1 }), wrt: [x] };
      },
      feeds: { x: feed([2, 3, 3], 2) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });
});
