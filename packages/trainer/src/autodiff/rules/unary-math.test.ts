import { describe, expect, it } from 'vitest';
import type { RecordingGraph } from '../../graph/recording-graph.js';
import { feed, gradientCheck, tolerance } from '../__fixtures__/gradient-check.js';
import type { CheckFeed } from '../__fixtures__/gradient-check.js';

const unary = (op: string, x: CheckFeed, attributes: Record<string, number> = {}) => ({
  label: op,
  build: (g: RecordingGraph) => {
    const input = g.addInput('x', 'float32', x.dims);
    return { output: g.op(op, [input], attributes), wrt: [input] };
  },
  feeds: { x },
});

describe('unary math gradient rules', () => {
  it.each([
    unary('Sqrt', feed([2, 3], 1, 2)),
    unary('Exp', feed([2, 3], 2)),
    unary('Log', feed([2, 3], 3, 2)),
    unary('Reciprocal', feed([2, 3], 4, 2)),
    unary('Abs', { dims: [2, 3], values: [-1.5, -0.7, 0.4, 1.2, -0.3, 2] }), // away from the kink
    unary('Identity', feed([2, 3], 5)),
    unary('Cast', feed([2, 3], 6), { to: 1 }), // float → float
    unary('Sign', { dims: [3], values: [-1.5, 0.7, 0.4] }), // zero gradient
    unary('Floor', { dims: [3], values: [-1.5, 0.7, 0.4] }),
  ])('$label matches finite differences in float64', async (check) => {
    expect(await gradientCheck(check)).toBeLessThan(tolerance.float64);
  });

  // ORT's CPU provider has no double Erf kernel (checked): float32, see `tolerance`.
  it('Erf matches finite differences in float32', async () => {
    const check = { ...unary('Erf', feed([2, 3], 7)), precision: 'float32' as const };
    expect(await gradientCheck(check)).toBeLessThan(tolerance.float32);
  });
});
