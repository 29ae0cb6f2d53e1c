import { graphOps } from '@confu/onnx';
import { rmsNorm, rope } from '../eagle3/ttt-graph-ops.js';
import type { RecordingGraph } from '../graph/recording-graph.js';
import { lmParameterNames as names } from './lm-parameters.js';
import type { LmShape } from './lm-shape.js';

const { linear, reshape, transpose, split } = graphOps;

/** The graph, shape and constants every layer shares. */
export interface LmLayerContext {
  readonly g: RecordingGraph;
  readonly shape: LmShape;
  /** `[S, 1, D]` cos / sin of positions 0 … S−1. */
  readonly rope: readonly [string, string];
  /** `[G·S, S]` additive causal mask, repeated per query group. */
  readonly causalMask: string;
  /** 1/√D. */
  readonly scale: string;
}

/**
 * One pre-norm Llama layer on the residual stream `x` `[B·S, h]` in plain ops (every op has a
 * gradient rule): RMSNorm, fused q/k/v, rotate-half RoPE, causal grouped-query attention (query
 * head = kv head · G + group, as Hugging Face's `repeat_kv`), `o_proj`, RMSNorm, SwiGLU. Parameters
 * are the graph tensors named by `lmParameterNames`. Returns the new stream.
 */
export function lmDecoderLayer(context: LmLayerContext, layer: number, x: string): string {
  const { g, shape } = context;
  const constants = context;
  const { batch: B, seq: S, config } = shape;
  const { numHeads: H, numKvHeads: KVH, headDim: D } = config;
  const { intermediateSize: I, rmsNormEps: eps } = config;
  const G = H / KVH;
  const attentionIn = rmsNorm(g, x, names.attentionNorm(layer), eps);
  const [q, k, v] = split(
    g,
    linear(g, attentionIn, names.qkv(layer)),
    [H * D, KVH * D, KVH * D],
    1,
  ) as [string, string, string];
  // Queries [B, KVH, G·S, D] against keys [B, KVH, D, S]: every group shares its KV head's keys.
  const query = g.op('Mul', [
    reshape(
      g,
      transpose(
        g,
        reshape(g, rope(g, reshape(g, q, [B, S, H, D]), constants.rope, D), [B, S, KVH, G, D]),
        [0, 2, 3, 1, 4],
      ),
      [B, KVH, G * S, D],
    ),
    constants.scale,
  ]);
  const key = transpose(g, rope(g, reshape(g, k, [B, S, KVH, D]), constants.rope, D), [0, 2, 3, 1]);
  const value = transpose(g, reshape(g, v, [B, S, KVH, D]), [0, 2, 1, 3]);
  const scores = g.op('Add', [g.op('MatMul', [query, key]), constants.causalMask]);
  const attended = g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), value]);
  const merged = reshape(
    g,
    transpose(g, reshape(g, attended, [B, KVH, G, S, D]), [0, 3, 1, 2, 4]),
    [B * S, H * D],
  );
  const afterAttention = g.op('Add', [x, linear(g, merged, names.wo(layer))]);

  const mlpIn = rmsNorm(g, afterAttention, names.mlpNorm(layer), eps);
  const [gate, up] = split(g, linear(g, mlpIn, names.gateUp(layer)), [I, I], 1) as [string, string];
  const activated = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]);
  return g.op('Add', [afterAttention, linear(g, activated, names.wDown(layer))]);
}
