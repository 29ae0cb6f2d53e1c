import { describe, expect, it } from 'vitest';
import { feed, gradientCheck, tolerance } from '../__fixtures__/gradient-check.js';

describe('Slice gradient rule', () => {
  it.each([
    { label: 'Slice (axes 1, 2)', starts: [1, -3], ends: [3, 2 ** 62], axes: [1, 2] },
    { label: 'Slice (default axes)', starts: [0, 1], ends: [1, 2], axes: undefined },
  ])('$label', async ({ label, starts, ends, axes }) => {
    const error = await gradientCheck({
      label,
      build: (g) => {
        const x = g.addInput('x', 'float32', [2, 3, 4]);
        const inputs = [x, g.int64s(starts), g.int64s(ends), ...(axes ? [g.int64s(axes)] : [])];
        return { output: g.op('Slice', inputs), wrt: [x] };
      },
      feeds: { x: feed([2, 3, 4], 1) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('Slice to the end of a symbolic axis', async () => {
    const error = await gradientCheck({
      label: 'Slice (symbolic axis, to the end)',
      build: (g) => {
        const x = g.addInput('x', 'float32', ['rows', 3]);
        const sliced = g.op('Slice', [x, g.int64s([1]), g.int64s([2 ** 62]), g.int64s([0])]);
        return { output: g.op('Reshape', [sliced, g.int64s([3, 3])]), wrt: [x] };
      },
      feeds: { x: feed([4, 3], 2) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });
});
