import type { Eagle3HeadConfig } from './draft-head-config.js';

/**
 * The SpecForge-style `config.json` object of a head (`LlamaForCausalLMEagle3`, one layer), so
 * SpecForge / SGLang / EAGLE tools read it; ConFu settings go under an extra `confu` key they
 * ignore. {@link parseDraftHeadConfig} reads it back to the same config.
 */
export function draftHeadConfigJson(
  config: Eagle3HeadConfig,
  torchDtype: 'float32' | 'float16' | 'bfloat16' = 'float32',
): Record<string, unknown> {
  const scaling = config.ropeScaling;
  const json: Record<string, unknown> = {
    architectures: ['LlamaForCausalLMEagle3'],
    model_type: 'llama',
    hidden_act: 'silu',
    hidden_size: config.hiddenSize,
    intermediate_size: config.intermediateSize,
    num_attention_heads: config.numHeads,
    num_key_value_heads: config.numKvHeads,
    head_dim: config.headDim,
    num_hidden_layers: 1,
    max_position_embeddings: config.contextLength,
    rms_norm_eps: config.rmsNormEps,
    rope_theta: config.ropeTheta,
    rope_scaling: scaling
      ? {
          rope_type: 'llama3',
          factor: scaling.factor,
          low_freq_factor: scaling.lowFreqFactor,
          high_freq_factor: scaling.highFreqFactor,
          original_max_position_embeddings: scaling.originalMaxPositionEmbeddings,
        }
      : null,
    attention_bias: false,
    tie_word_embeddings: false,
    torch_dtype: torchDtype,
    vocab_size: config.vocabSize,
    draft_vocab_size: config.draftVocabSize,
  };
  if (config.tapLayers) {
    json['eagle_config'] = {
      eagle_aux_hidden_state_layer_ids: config.tapLayers.map((layer) => layer - 1),
      use_aux_hidden_state: true,
    };
  }
  const confu = config.confu;
  if (confu) {
    json['confu'] = {
      mode: confu.mode,
      soft_prompt_length: confu.softPromptLength,
      ...(confu.mode === 'moe' ? { num_experts: confu.numExperts, top_k: confu.topK } : {}),
    };
  }
  return json;
}
