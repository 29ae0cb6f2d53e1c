import { graphOps } from '@confu/onnx';
import { describe, expect, it } from 'vitest';
import { RecordingGraph } from '../graph/recording-graph.js';
import { feed, gradientCheck, tolerance } from './__fixtures__/gradient-check.js';
import { differentiate } from './differentiate.js';

const { reshape, transpose, linear, split } = graphOps;

describe('differentiate', () => {
  it('a causal attention block from plain ops (model-builder helpers) matches finite differences', async () => {
    const [S, h, H] = [3, 4, 2];
    const D = h / H;
    const error = await gradientCheck({
      label: 'attention block (Gemm, Split, Reshape, Transpose, MatMul, Softmax, Where mask)',
      build: (g) => {
        const x = g.addInput('x', 'float32', [S, h]);
        const wqkv = g.addInput('wqkv', 'float32', [3 * h, h]);
        const wo = g.addInput('wo', 'float32', [h, h]);
        const [q, k, v] = split(g, linear(g, x, wqkv), [h, h, h], 1) as [string, string, string];
        const heads = (t: string, perm: number[]) => transpose(g, reshape(g, t, [S, H, D]), perm);
        const keep = g.addInitializer(
          'keep',
          'bool',
          [S, S],
          Uint8Array.from([1, 0, 0, 1, 1, 0, 1, 1, 1]),
        );
        const scores = g.op('Mul', [
          g.op('MatMul', [heads(q, [1, 0, 2]), heads(k, [1, 2, 0])]),
          g.scalar(1 / Math.sqrt(D)),
        ]);
        const masked = g.op('Where', [keep, scores, g.scalar(-1e9)]);
        const attended = g.op('MatMul', [
          g.op('Softmax', [masked], { axis: -1 }),
          heads(v, [1, 0, 2]),
        ]);
        const output = linear(g, reshape(g, transpose(g, attended, [1, 0, 2]), [S, h]), wo);
        return { output, wrt: [x, wqkv, wo] };
      },
      feeds: { x: feed([S, h], 1), wqkv: feed([3 * h, h], 2), wo: feed([h, h], 3) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('gives zeros for a parameter the loss does not depend on', async () => {
    const error = await gradientCheck({
      label: 'unused parameter (zeros)',
      build: (g) => {
        const x = g.addInput('x', 'float32', [2]);
        const unused = g.addInput('unused', 'float32', [3]);
        return { output: g.op('Exp', [x]), wrt: [x, unused] };
      },
      feeds: { x: feed([2], 1), unused: feed([3], 2) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('reports an op without a gradient rule on the path', () => {
    const g = new RecordingGraph();
    const x = g.addInput('x', 'float32', [2, 2]);
    const loss = g.op('ReduceSum', [g.op('Det', [x])], { keepdims: 0 });
    expect(() => differentiate(g, { loss, wrt: [x] })).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED', message: expect.stringContaining('Det') }),
    );
  });

  it('ignores ops off the path and integer branches', () => {
    const g = new RecordingGraph();
    const x = g.addInput('x', 'float32', [2, 2]);
    const ids = g.op('ArgMax', [x], { axis: 1 });
    g.op('Det', [x]); // not on the path to the loss
    const picked = g.op('GatherElements', [x, g.op('Unsqueeze', [ids, g.int64s([1])])], {
      axis: 1,
    });
    const loss = g.op('ReduceSum', [picked], { keepdims: 0 });
    expect(differentiate(g, { loss, wrt: [x] })).toHaveLength(1);
  });

  it('rejects unknown names', () => {
    const g = new RecordingGraph();
    expect(() => differentiate(g, { loss: 'nope', wrt: [] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
