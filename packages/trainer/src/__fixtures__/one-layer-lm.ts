import { graphOps } from '@confu/onnx';
import type { RecordingGraph } from '../graph/recording-graph.js';
import type { SeededRandom } from '@confu/sampler';
import { randomNormal } from '../seeded-random.js';
import type { ForwardSpec } from '../training/record-forward.js';

/** Shape of the one-layer causal transformer LM used by tests and the benchmark. */
export interface LmConfig {
  readonly vocab: number;
  readonly hidden: number;
  readonly heads: number;
  readonly ff: number;
  readonly seq: number;
  readonly batch: number;
}

const { linear, reshape, transpose } = graphOps;

function rmsNorm(g: RecordingGraph, x: string, scale: string): string {
  const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x]), g.int64s([-1])], { keepdims: 1 });
  return g.op('Mul', [g.op('Div', [x, g.op('Sqrt', [g.op('Add', [meanSquare, g.scalar(1e-5)])])]), scale]);
}

/** Parameter dims by name. */
export function lmParameterDims(c: LmConfig): Record<string, number[]> {
  const h = c.hidden;
  return {
    embed: [c.vocab, h],
    pos: [c.seq, h],
    attn_norm: [h],
    qkv: [3 * h, h],
    o_proj: [h, h],
    mlp_norm: [h],
    up: [c.ff, h],
    down: [h, c.ff],
    final_norm: [h],
    head: [c.vocab, h],
  };
}

/**
 * Pre-norm one-layer LM on `tokens` / `targets` `[batch, seq]` (int64): learned positions,
 * RMSNorm, causal attention from plain ops (−1e9 additive mask), a SiLU MLP, an untied head
 * and SoftmaxCrossEntropyLoss (mean). Parameters are graph inputs.
 */
export function buildOneLayerLm(c: LmConfig): (g: RecordingGraph) => ForwardSpec {
  return (g) => {
    const { hidden: h, heads: H, seq: S, batch: B } = c;
    const D = h / H;
    const dims = lmParameterDims(c);
    const p = Object.fromEntries(Object.entries(dims).map(([name, d]) => [name, g.addInput(name, 'float32', d)])) as Record<string, string>;
    const w = (name: string): string => p[name] as string;
    const tokens = g.addInput('tokens', 'int64', [B, S]);
    const targets = g.addInput('targets', 'int64', [B, S]);
    const mask = new Float32Array(S * S);
    for (let i = 0; i < S; i++) for (let j = i + 1; j < S; j++) mask[i * S + j] = -1e9;
    const causal = g.addInitializer('causal_mask', 'float32', [S, S], mask);

    const x = reshape(g, g.op('Add', [g.op('Gather', [w('embed'), tokens]), w('pos')]), [-1, h]);
    const [q, k, v] = graphOps.split(g, linear(g, rmsNorm(g, x, w('attn_norm')), w('qkv')), [h, h, h], 1) as [string, string, string];
    const heads = (t: string, perm: number[]): string => transpose(g, reshape(g, t, [B, S, H, D]), perm);
    const scaledQ = g.op('Mul', [heads(q, [0, 2, 1, 3]), g.scalar(1 / Math.sqrt(D))]);
    const scores = g.op('Add', [g.op('MatMul', [scaledQ, heads(k, [0, 2, 3, 1])]), causal]);
    const attended = g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), heads(v, [0, 2, 1, 3])]);
    const merged = reshape(g, transpose(g, attended, [0, 2, 1, 3]), [-1, h]);
    const afterAttention = g.op('Add', [x, linear(g, merged, w('o_proj'))]);

    const up = linear(g, rmsNorm(g, afterAttention, w('mlp_norm')), w('up'));
    const silu = g.op('Mul', [up, g.op('Sigmoid', [up])]);
    const out = g.op('Add', [afterAttention, linear(g, silu, w('down'))]);
    const logits = linear(g, rmsNorm(g, out, w('final_norm')), w('head'));
    // The unused log_prob output lets the backward reuse exp(log_prob) instead of a softmax.
    const [loss] = g.node('SoftmaxCrossEntropyLoss', [logits, reshape(g, targets, [-1])], { outputs: 2 });
    return { loss: loss as string, params: Object.keys(dims) };
  };
}

/** Initial parameters: N(0, 0.02) matrices and positions, unit norm scales. */
export function initialLmParameters(c: LmConfig, random: SeededRandom): Record<string, Float32Array> {
  return Object.fromEntries(
    Object.entries(lmParameterDims(c)).map(([name, dims]) => {
      const count = dims.reduce((a, b) => a * b, 1);
      return [name, dims.length === 1 ? new Float32Array(count).fill(1) : randomNormal(random, count, 0.02)];
    }),
  );
}

/** Total parameter count. */
export function lmParameterCount(c: LmConfig): number {
  return Object.values(lmParameterDims(c)).reduce((sum, dims) => sum + dims.reduce((a, b) => a * b, 1), 0);
}
