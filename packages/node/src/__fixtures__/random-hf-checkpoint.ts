import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSafetensors } from '@confu/checkpoint';
import type { DecoderWeights, SafetensorsTensorInput } from '@confu/checkpoint';



const letters = 'abcdefghijklmnopqrstuvwxyz'.split('');

/** A tiny BPE `tokenizer.json` over single letters: ids 0–2 special, then a–z. */
export function tinyTokenizerJson(): object {
  const special = ['<unk>', '<s>', '</s>'];
  const vocab = Object.fromEntries([...special, ...letters].map((token, id) => [token, id]));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: special.map((content, id) => ({
      id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true,
    })),
    normalizer: null,
    pre_tokenizer: { type: 'Split', pattern: { Regex: '.' }, behavior: 'Isolated', invert: false },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
    },
    decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, vocab, merges: [] },
  };
}

/** Writes weights as a transformers checkpoint (config.json, model.safetensors, tokenizer files). */
export async function writeHfCheckpoint(
  directory: string,
  weights: DecoderWeights,
  modelType: 'llama' | 'qwen2' | 'qwen3',
  dtype: 'F32' | 'BF16' = 'F32',
): Promise<void> {
  const { config } = weights;
  const tensors: Record<string, SafetensorsTensorInput> = {};
  const put = (name: string, data: Float32Array, shape: number[]): void => {
    tensors[name] = { dtype, shape, data };
  };
  const { hiddenSize: h, intermediateSize: I, numHeads: H, numKvHeads: KVH, headDim: D, vocabSize: V } = config;
  put('model.embed_tokens.weight', weights.embedding, [V, h]);
  weights.layers.forEach((layer, index) => {
    const prefix = `model.layers.${index}.`;
    put(`${prefix}input_layernorm.weight`, layer.attentionNorm, [h]);
    put(`${prefix}self_attn.q_proj.weight`, layer.wq, [H * D, h]);
    put(`${prefix}self_attn.k_proj.weight`, layer.wk, [KVH * D, h]);
    put(`${prefix}self_attn.v_proj.weight`, layer.wv, [KVH * D, h]);
    put(`${prefix}self_attn.o_proj.weight`, layer.wo, [h, H * D]);
    if (layer.bq && layer.bk && layer.bv) {
      put(`${prefix}self_attn.q_proj.bias`, layer.bq, [H * D]);
      put(`${prefix}self_attn.k_proj.bias`, layer.bk, [KVH * D]);
      put(`${prefix}self_attn.v_proj.bias`, layer.bv, [KVH * D]);
    }
    if (layer.qNorm && layer.kNorm) {
      put(`${prefix}self_attn.q_norm.weight`, layer.qNorm, [D]);
      put(`${prefix}self_attn.k_norm.weight`, layer.kNorm, [D]);
    }
    put(`${prefix}post_attention_layernorm.weight`, layer.mlpNorm, [h]);
    put(`${prefix}mlp.gate_proj.weight`, layer.wGate, [I, h]);
    put(`${prefix}mlp.up_proj.weight`, layer.wUp, [I, h]);
    put(`${prefix}mlp.down_proj.weight`, layer.wDown, [h, I]);
  });
  put('model.norm.weight', weights.finalNorm, [h]);
  if (weights.lmHead) put('lm_head.weight', weights.lmHead, [V, h]);
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'model.safetensors'), writeSafetensors(tensors));
  await writeFile(
    join(directory, 'config.json'),
    JSON.stringify({
      model_type: modelType,
      hidden_size: h,
      intermediate_size: I,
      num_hidden_layers: config.numLayers,
      num_attention_heads: H,
      num_key_value_heads: KVH,
      head_dim: D,
      vocab_size: V,
      max_position_embeddings: config.contextLength,
      rope_theta: config.ropeTheta,
      rms_norm_eps: config.rmsNormEps,
      tie_word_embeddings: config.tiedEmbeddings,
      bos_token_id: 1,
      eos_token_id: 2,
    }),
  );
  await writeFile(join(directory, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()));
  await writeFile(join(directory, 'tokenizer_config.json'), JSON.stringify({ bos_token: '<s>', eos_token: '</s>' }));
}
