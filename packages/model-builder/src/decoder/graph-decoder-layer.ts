import { graphOps } from '@confu/onnx';
import { concatFloat32 } from './concat-float32.js';
import { decoderTensorNames } from './decoder-io-names.js';
import type { LayerWeights } from '@confu/checkpoint';
import { graphAttention } from './graph-attention.js';
import type { DecoderGraphContext } from './graph-context.js';
import { graphRmsNorm } from './graph-rms-norm.js';

const { reshape, split } = graphOps;

/**
 * One pre-norm decoder layer on the residual stream `x` `[S, h]`; returns the new stream.
 * Q/K/V and gate/up are fused into single Gemms (ORT does not fuse them itself); weights stay in
 * `[out, in]` layout (`transB`), so unfused ones are stored without a copy.
 */
export function graphDecoderLayer(
  context: DecoderGraphContext,
  layer: LayerWeights,
  index: number,
  x: string,
): string {
  const { g, config, attention: mode } = context;
  const {
    hiddenSize: h,
    intermediateSize: I,
    numHeads: H,
    numKvHeads: KVH,
    headDim: D,
    rmsNormEps: eps,
  } = config;
  const qWidth = H * D;
  const kvWidth = KVH * D;
  const norm = { eps, mode };
  const weight = (name: string, dims: readonly number[], data: Float32Array): string =>
    g.addInitializer(`layers.${index}.${name}`, 'float32', dims, data);

  const attentionIn = graphRmsNorm(g, x, weight('attention_norm', [h], layer.attentionNorm), norm);
  const qkvWeight = context.matrix(
    `layers.${index}.qkv_proj`,
    concatFloat32([layer.wq, layer.wk, layer.wv]),
    qWidth + 2 * kvWidth,
    h,
  );
  const qkvBias =
    config.qkvBias && layer.bq && layer.bk && layer.bv
      ? weight('qkv_bias', [qWidth + 2 * kvWidth], concatFloat32([layer.bq, layer.bk, layer.bv]))
      : undefined;
  const [q, k, v] = split(
    g,
    qkvWeight.linear(attentionIn, qkvBias),
    [qWidth, kvWidth, kvWidth],
    1,
  ) as [string, string, string];
  // Qwen3: RMSNorm per head before RoPE.
  const headNorm = (
    x2: string,
    heads: number,
    name: string,
    scale: Float32Array | undefined,
  ): string =>
    config.qkNorm && scale
      ? graphRmsNorm(g, reshape(g, x2, [-1, heads, D]), weight(name, [D], scale), norm)
      : x2;
  const query = context.rope(headNorm(q, H, 'q_norm', layer.qNorm), H);
  const key = context.rope(
    headNorm(k, KVH, 'k_norm', layer.kNorm),
    KVH,
    decoderTensorNames.newKey(index),
  );
  const value = reshape(g, v, [1, -1, kvWidth], decoderTensorNames.newValue(index));
  const attended = graphAttention(context, {
    query,
    key,
    value,
    pastKey: decoderTensorNames.pastKey(index),
    pastValue: decoderTensorNames.pastValue(index),
  });
  const afterAttention = g.op('Add', [
    x,
    context.matrix(`layers.${index}.o_proj`, layer.wo, h, qWidth).linear(attended),
  ]);

  const mlpIn = graphRmsNorm(g, afterAttention, weight('mlp_norm', [h], layer.mlpNorm), norm);
  const gateUp = context.matrix(
    `layers.${index}.gate_up_proj`,
    concatFloat32([layer.wGate, layer.wUp]),
    2 * I,
    h,
  );
  const [gate, up] = split(g, gateUp.linear(mlpIn), [I, I], 1) as [string, string];
  const activated = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]);
  return g.op('Add', [
    afterAttention,
    context.matrix(`layers.${index}.down_proj`, layer.wDown, h, I).linear(activated),
  ]);
}
