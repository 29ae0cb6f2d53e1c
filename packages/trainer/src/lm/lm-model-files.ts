import { writeSafetensors } from '@confu/checkpoint';
import type { DecoderWeights, SafetensorsTensorInput } from '@confu/checkpoint';

/** Options of {@link lmModelFiles}. */
export interface LmModelFilesOptions {
  /** Weights precision (default F32); loaders widen F16 to float32. */
  readonly dtype?: 'F32' | 'F16';
  /** EAGLE-3 tap layers recorded as config.json `confu.tap_layers`. */
  readonly tapLayers?: readonly number[];
  /** More fields under config.json `confu` (e.g. how the model was trained). */
  readonly confu?: Readonly<Record<string, unknown>>;
}

/** The files of a Hugging Face Llama directory (the tokenizer files come separately). */
export interface LmModelFiles {
  readonly 'config.json': Uint8Array;
  readonly 'generation_config.json': Uint8Array;
  readonly 'model.safetensors': Uint8Array;
}

const json = (value: unknown): Uint8Array =>
  new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/**
 * A trained decoder as a Hugging Face `LlamaForCausalLM` checkpoint: transformers tensor names,
 * config.json (with `confu.tap_layers` when given) and generation_config.json with the BOS / EOS
 * ids, loadable by `importHuggingFace` and by transformers.
 */
export function lmModelFiles(
  weights: DecoderWeights,
  options: LmModelFilesOptions = {},
): LmModelFiles {
  const dtype = options.dtype ?? 'F32';
  const c = weights.config;
  const tensors: Record<string, SafetensorsTensorInput> = {};
  const put = (name: string, shape: readonly number[], data: Float32Array): void => {
    tensors[name] = { dtype, shape, data } as SafetensorsTensorInput;
  };
  const { hiddenSize: h, intermediateSize: I, headDim: D } = c;
  put('model.embed_tokens.weight', [c.vocabSize, h], weights.embedding);
  weights.layers.forEach((layer, index) => {
    const prefix = `model.layers.${index}.`;
    put(`${prefix}input_layernorm.weight`, [h], layer.attentionNorm);
    put(`${prefix}self_attn.q_proj.weight`, [c.numHeads * D, h], layer.wq);
    put(`${prefix}self_attn.k_proj.weight`, [c.numKvHeads * D, h], layer.wk);
    put(`${prefix}self_attn.v_proj.weight`, [c.numKvHeads * D, h], layer.wv);
    put(`${prefix}self_attn.o_proj.weight`, [h, c.numHeads * D], layer.wo);
    put(`${prefix}post_attention_layernorm.weight`, [h], layer.mlpNorm);
    put(`${prefix}mlp.gate_proj.weight`, [I, h], layer.wGate);
    put(`${prefix}mlp.up_proj.weight`, [I, h], layer.wUp);
    put(`${prefix}mlp.down_proj.weight`, [h, I], layer.wDown);
  });
  put('model.norm.weight', [h], weights.finalNorm);
  if (!c.tiedEmbeddings && weights.lmHead) put('lm_head.weight', [c.vocabSize, h], weights.lmHead);
  const ids = {
    ...(weights.bosTokenId === undefined ? {} : { bos_token_id: weights.bosTokenId }),
    ...(weights.eosTokenIds ? { eos_token_id: [...weights.eosTokenIds] } : {}),
  };
  const confu = {
    ...(options.tapLayers ? { tap_layers: [...options.tapLayers] } : {}),
    ...options.confu,
  };
  const config = {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_act: 'silu',
    hidden_size: h,
    intermediate_size: I,
    num_hidden_layers: c.numLayers,
    num_attention_heads: c.numHeads,
    num_key_value_heads: c.numKvHeads,
    head_dim: D,
    vocab_size: c.vocabSize,
    max_position_embeddings: c.contextLength,
    rms_norm_eps: c.rmsNormEps,
    rope_theta: c.ropeTheta,
    attention_bias: false,
    tie_word_embeddings: c.tiedEmbeddings,
    torch_dtype: dtype === 'F16' ? 'float16' : 'float32',
    ...ids,
    ...(Object.keys(confu).length > 0 ? { confu } : {}),
  };
  return {
    'config.json': json(config),
    'generation_config.json': json(ids),
    'model.safetensors': writeSafetensors(tensors),
  };
}
