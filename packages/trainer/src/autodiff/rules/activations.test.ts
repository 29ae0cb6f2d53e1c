import { describe, expect, it } from 'vitest';
import { feed, gradientCheck, tolerance } from '../__fixtures__/gradient-check.js';

describe('activation gradient rules', () => {
  it.each(['Sigmoid', 'Tanh'])('%s matches finite differences in float64', async (op) => {
    const error = await gradientCheck({
      label: op,
      build: (g) => {
        const x = g.addInput('x', 'float32', [2, 3]);
        return { output: g.op(op, [x]), wrt: [x] };
      },
      feeds: { x: feed([2, 3], 1, 0, 3) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('Relu away from 0', async () => {
    const error = await gradientCheck({
      label: 'Relu',
      build: (g) => {
        const x = g.addInput('x', 'float32', [2, 3]);
        return { output: g.op('Relu', [x]), wrt: [x] };
      },
      feeds: { x: { dims: [2, 3], values: [-1.5, -0.7, 0.4, 1.2, -0.3, 2] } },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('SiLU as x · Sigmoid(x) (two uses of x)', async () => {
    const error = await gradientCheck({
      label: 'SiLU (x·Sigmoid(x))',
      build: (g) => {
        const x = g.addInput('x', 'float32', [2, 3]);
        return { output: g.op('Mul', [x, g.op('Sigmoid', [x])]), wrt: [x] };
      },
      feeds: { x: feed([2, 3], 2, 0, 3) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });
});
