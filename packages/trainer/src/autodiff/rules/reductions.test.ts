import { describe, expect, it } from 'vitest';
import { feed, gradientCheck, tolerance } from '../__fixtures__/gradient-check.js';

describe('reduction gradient rules', () => {
  it.each([
    { op: 'ReduceSum', axes: [1], keepdims: 1 },
    { op: 'ReduceSum', axes: [0, 2], keepdims: 0 },
    { op: 'ReduceSum', axes: undefined, keepdims: 0 },
    { op: 'ReduceMean', axes: [-1], keepdims: 1 },
    { op: 'ReduceMean', axes: [0, 1], keepdims: 0 },
    { op: 'ReduceSumSquare', axes: [2], keepdims: 1 },
    { op: 'ReduceSumSquare', axes: undefined, keepdims: 0 },
  ])('$op axes=$axes keepdims=$keepdims', async ({ op, axes, keepdims }) => {
    const error = await gradientCheck({
      label: `${op} (axes ${axes ? `[${axes}]` : 'all'}, keepdims ${keepdims})`,
      build: (g) => {
        const x = g.addInput('x', 'float32', [2, 3, 4]);
        const inputs = axes ? [x, g.int64s(axes)] : [x];
        return { output: g.op(op, inputs, { keepdims }), wrt: [x] };
      },
      feeds: { x: feed([2, 3, 4], 1) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('RMSNorm from plain ops (Mul, ReduceMean, Add, Sqrt, Div, Mul)', async () => {
    const error = await gradientCheck({
      label: 'RMSNorm (plain ops)',
      build: (g) => {
        const x = g.addInput('x', 'float32', [3, 4]);
        const scale = g.addInput('scale', 'float32', [4]);
        const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x]), g.int64s([-1])], {
          keepdims: 1,
        });
        const rms = g.op('Sqrt', [g.op('Add', [meanSquare, g.scalar(1e-5)])]);
        return { output: g.op('Mul', [g.op('Div', [x, rms]), scale]), wrt: [x, scale] };
      },
      feeds: { x: feed([3, 4], 2), scale: feed([4], 3, 1) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });
});
