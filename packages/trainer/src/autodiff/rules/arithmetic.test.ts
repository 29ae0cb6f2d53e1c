import { describe, expect, it } from 'vitest';
import type { RecordingGraph } from '../../graph/recording-graph.js';
import { feed, gradientCheck, tolerance } from '../__fixtures__/gradient-check.js';

// Broadcasting on both sides: [2, 3, 4] against [3, 1] and [1, 4] exercises rank padding and size-1 axes.
const binary = (op: string, bOffset = 0, aOffset = 0) => ({
  label: `${op} (broadcast)`,
  build: (g: RecordingGraph) => {
    const a = g.addInput('a', 'float32', [2, 3, 4]);
    const b = g.addInput('b', 'float32', [3, 1]);
    return { output: g.op(op, [a, b]), wrt: [a, b] };
  },
  feeds: { a: feed([2, 3, 4], 1, aOffset), b: feed([3, 1], 2, bOffset) },
});

describe('arithmetic gradient rules', () => {
  it.each([
    binary('Add'),
    binary('Sub'),
    binary('Mul'),
    binary('Div', 2),
    binary('Pow', 1.5, 2), // positive base so ln a exists
  ])('$label matches finite differences in float64', async (check) => {
    expect(await gradientCheck(check)).toBeLessThan(tolerance.float64);
  });

  it('Mul of a tensor with itself sums both uses', async () => {
    const error = await gradientCheck({
      label: 'Mul (x·x)',
      build: (g) => {
        const x = g.addInput('x', 'float32', [2, 3]);
        return { output: g.op('Mul', [x, x]), wrt: [x] };
      },
      feeds: { x: feed([2, 3], 3) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('Pow with a constant integer-valued exponent (x²)', async () => {
    const error = await gradientCheck({
      label: 'Pow (x^2 constant)',
      build: (g) => {
        const x = g.addInput('x', 'float32', [2, 3]);
        return { output: g.op('Pow', [x, g.scalar(2)]), wrt: [x] };
      },
      feeds: { x: feed([2, 3], 4) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  // ORT's CPU provider has no double Mean kernel: checked in float32.
  it.each([
    ['Sum', 'float64'],
    ['Mean', 'float32'],
  ] as const)('%s (variadic, broadcast) in %s', async (op, precision) => {
    const error = await gradientCheck({
      label: `${op} (variadic)`,
      precision,
      build: (g) => {
        const a = g.addInput('a', 'float32', [2, 3]);
        const b = g.addInput('b', 'float32', [3]);
        const c = g.addInput('c', 'float32', [2, 1]);
        return { output: g.op(op, [a, b, c]), wrt: [a, b, c] };
      },
      feeds: { a: feed([2, 3], 5), b: feed([3], 6), c: feed([2, 1], 7) },
    });
    expect(error).toBeLessThan(tolerance[precision]);
  });

  it('Neg', async () => {
    const error = await gradientCheck({
      label: 'Neg',
      build: (g) => {
        const x = g.addInput('x', 'float32', [2, 3]);
        return { output: g.op('Neg', [x]), wrt: [x] };
      },
      feeds: { x: feed([2, 3], 8) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });
});
