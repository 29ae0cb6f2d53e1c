import { float } from '@confu/onnx';
import { describe, expect, it } from 'vitest';
import { feed, gradientCheck, tolerance } from '../__fixtures__/gradient-check.js';

describe('MatMul and Gemm gradient rules', () => {
  it.each([
    { a: [3, 4], b: [4, 2] },
    { a: [2, 3, 4], b: [4, 5] }, // 2-D weight: Gemm fast path over flattened rows
    { a: [2, 3, 4], b: [2, 4, 5] },
    { a: [2, 1, 3, 4], b: [3, 4, 2] }, // batch broadcasting on both operands
    { a: [3, 4], b: [2, 4, 5] },
  ])('MatMul $a × $b', async ({ a, b }) => {
    const error = await gradientCheck({
      label: `MatMul [${a}] × [${b}]`,
      build: (g) => {
        const left = g.addInput('a', 'float32', a);
        const right = g.addInput('b', 'float32', b);
        return { output: g.op('MatMul', [left, right]), wrt: [left, right] };
      },
      feeds: { a: feed(a, 1), b: feed(b, 2) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it.each([
    { transA: 0, transB: 0 },
    { transA: 0, transB: 1 },
    { transA: 1, transB: 0 },
    { transA: 1, transB: 1 },
  ])(
    'Gemm transA=$transA transB=$transB with α, β and a broadcast C',
    async ({ transA, transB }) => {
      const [m, k, n] = [3, 4, 2];
      const a = transA ? [k, m] : [m, k];
      const b = transB ? [n, k] : [k, n];
      const error = await gradientCheck({
        label: `Gemm (transA=${transA}, transB=${transB}, α, β, C [N])`,
        build: (g) => {
          const inputs = [
            g.addInput('a', 'float32', a),
            g.addInput('b', 'float32', b),
            g.addInput('c', 'float32', [n]),
          ];
          const output = g.op('Gemm', inputs, {
            transA,
            transB,
            alpha: float(0.7),
            beta: float(1.3),
          });
          return { output, wrt: inputs };
        },
        feeds: { a: feed(a, 3), b: feed(b, 4), c: feed([n], 5) },
      });
      expect(error).toBeLessThan(tolerance.float64);
    },
  );

  it('Gemm as a linear layer (transB = 1, C [1, N])', async () => {
    const error = await gradientCheck({
      label: 'Gemm (linear, C [1,N])',
      build: (g) => {
        const inputs = [
          g.addInput('x', 'float32', [3, 4]),
          g.addInput('w', 'float32', [5, 4]),
          g.addInput('c', 'float32', [1, 5]),
        ];
        return { output: g.op('Gemm', inputs, { transB: 1 }), wrt: inputs };
      },
      feeds: { x: feed([3, 4], 6), w: feed([5, 4], 7), c: feed([1, 5], 8) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });
});
