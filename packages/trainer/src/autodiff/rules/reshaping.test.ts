import { describe, expect, it } from 'vitest';
import type { RecordingGraph } from '../../graph/recording-graph.js';
import { feed, gradientCheck, tolerance } from '../__fixtures__/gradient-check.js';

const shapeOp = (
  label: string,
  dims: number[],
  apply: (g: RecordingGraph, x: string) => string,
) => ({
  label,
  build: (g: RecordingGraph) => {
    const x = g.addInput('x', 'float32', dims);
    return { output: apply(g, x), wrt: [x] };
  },
  feeds: { x: feed(dims, dims.length) },
});

describe('reshaping gradient rules', () => {
  it.each([
    shapeOp('Reshape (0 and -1)', [2, 3, 4], (g, x) => g.op('Reshape', [x, g.int64s([0, -1, 2])])),
    shapeOp('Flatten', [2, 3, 4], (g, x) => g.op('Flatten', [x], { axis: 2 })),
    shapeOp('Squeeze', [2, 1, 3], (g, x) => g.op('Squeeze', [x, g.int64s([1])])),
    shapeOp('Unsqueeze', [2, 3], (g, x) => g.op('Unsqueeze', [x, g.int64s([0, -1])])),
    shapeOp('Expand', [3, 1], (g, x) => g.op('Expand', [x, g.int64s([2, 3, 4])])),
    shapeOp('Transpose (perm)', [2, 3, 4], (g, x) => g.op('Transpose', [x], { perm: [1, 2, 0] })),
    shapeOp('Transpose (default)', [2, 3, 4], (g, x) => g.op('Transpose', [x])),
  ])('$label matches finite differences in float64', async (check) => {
    expect(await gradientCheck(check)).toBeLessThan(tolerance.float64);
  });
});
