import type { DecoderConfig, LayerWeights } from '../decoder/decoder-weights.js';

/** A checkpoint tensor name and the shape the config implies for it. */
export interface TensorSpec {
  readonly name: string;
  readonly shape: readonly number[];
}

/** Tensors outside the layers: embedding, final norm and (untied) output head. */
export function globalTensorSpecs(config: DecoderConfig): {
  embedding: TensorSpec;
  finalNorm: TensorSpec;
  lmHead?: TensorSpec;
} {
  const { vocabSize, hiddenSize } = config;
  return {
    embedding: { name: 'model.embed_tokens.weight', shape: [vocabSize, hiddenSize] },
    finalNorm: { name: 'model.norm.weight', shape: [hiddenSize] },
    ...(config.tiedEmbeddings
      ? {}
      : { lmHead: { name: 'lm_head.weight', shape: [vocabSize, hiddenSize] } }),
  };
}

/**
 * The transformers names of layer `layer`'s tensors, keyed by {@link LayerWeights} field, with
 * their `[out, in]` shapes; biases and q/k norms only when the config has them.
 */
export function layerTensorSpecs(
  config: DecoderConfig,
  layer: number,
): Partial<Record<keyof LayerWeights, TensorSpec>> {
  const { hiddenSize: h, intermediateSize: i, headDim } = config;
  const q = config.numHeads * headDim;
  const kv = config.numKvHeads * headDim;
  const prefix = `model.layers.${layer}.`;
  const spec = (name: string, shape: readonly number[]): TensorSpec => ({
    name: prefix + name,
    shape,
  });
  return {
    attentionNorm: spec('input_layernorm.weight', [h]),
    wq: spec('self_attn.q_proj.weight', [q, h]),
    wk: spec('self_attn.k_proj.weight', [kv, h]),
    wv: spec('self_attn.v_proj.weight', [kv, h]),
    wo: spec('self_attn.o_proj.weight', [h, q]),
    ...(config.qkvBias
      ? {
          bq: spec('self_attn.q_proj.bias', [q]),
          bk: spec('self_attn.k_proj.bias', [kv]),
          bv: spec('self_attn.v_proj.bias', [kv]),
        }
      : {}),
    ...(config.qkNorm
      ? {
          qNorm: spec('self_attn.q_norm.weight', [headDim]),
          kNorm: spec('self_attn.k_norm.weight', [headDim]),
        }
      : {}),
    mlpNorm: spec('post_attention_layernorm.weight', [h]),
    wGate: spec('mlp.gate_proj.weight', [i, h]),
    wUp: spec('mlp.up_proj.weight', [i, h]),
    wDown: spec('mlp.down_proj.weight', [h, i]),
  };
}
