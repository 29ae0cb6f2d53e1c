import { concatFloat32 } from '../decoder/concat-float32.js';
import { graphAttention } from '../decoder/graph-attention.js';
import type { DecoderGraphContext } from '../decoder/graph-context.js';
import { graphRmsNorm } from '../decoder/graph-rms-norm.js';
import { graphOps } from '@confu/onnx';
import { draftHeadTensorNames as names } from './draft-head-io-names.js';
import type { Eagle3HeadWeights } from '@confu/checkpoint';

const { concat, reshape, split } = graphOps;

/**
 * EAGLE-3's `LlamaDecoderLayeremb` on `embeddings` and `features` (both `[N, h]`): attention over
 * `concat(input_layernorm(embedding), hidden_norm(feature))` (width 2h), residual = the
 * un-normalised feature, then post-attention norm, SwiGLU MLP and residual. Returns `[N, h]`;
 * names the new K/V rows `new_key` / `new_value`. Q/K/V are fused into one Gemm as in the decoder.
 */
export function graphDraftHeadLayer(
  context: DecoderGraphContext,
  head: Eagle3HeadWeights,
  embeddings: string,
  features: string,
): string {
  const { g, config, attention: mode } = context;
  const { hiddenSize: h, intermediateSize: I, numHeads: H, numKvHeads: KVH, headDim: D } = config;
  const qWidth = H * D;
  const kvWidth = KVH * D;
  const norm = { eps: config.rmsNormEps, mode };
  const weight = (name: string, dims: readonly number[], data: Float32Array): string =>
    g.addInitializer(`midlayer.${name}`, 'float32', dims, data);

  const attentionIn = concat(
    g,
    [
      graphRmsNorm(g, embeddings, weight('input_layernorm', [h], head.inputLayernorm), norm),
      graphRmsNorm(g, features, weight('hidden_norm', [h], head.hiddenNorm), norm),
    ],
    1,
  );
  const qkvWeight = context.matrix(
    'midlayer.qkv_proj',
    concatFloat32([head.wq, head.wk, head.wv]),
    qWidth + 2 * kvWidth,
    2 * h,
  );
  const [q, k, v] = split(g, qkvWeight.linear(attentionIn), [qWidth, kvWidth, kvWidth], 1) as [
    string,
    string,
    string,
  ];
  const attended = graphAttention(context, {
    query: context.rope(q, H),
    key: context.rope(k, KVH, names.newKey),
    value: reshape(g, v, [1, -1, kvWidth], names.newValue),
    pastKey: names.pastKey,
    pastValue: names.pastValue,
  });
  const afterAttention = g.op('Add', [
    features,
    context.matrix('midlayer.o_proj', head.wo, h, qWidth).linear(attended),
  ]);

  const mlpIn = graphRmsNorm(
    g,
    afterAttention,
    weight('post_attention_layernorm', [h], head.postAttentionLayernorm),
    norm,
  );
  const gateUp = context.matrix(
    'midlayer.gate_up_proj',
    concatFloat32([head.wGate, head.wUp]),
    2 * I,
    h,
  );
  const [gate, up] = split(g, gateUp.linear(mlpIn), [I, I], 1) as [string, string];
  const activated = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]);
  return g.op('Add', [
    afterAttention,
    context.matrix('midlayer.down_proj', head.wDown, h, I).linear(activated),
  ]);
}
