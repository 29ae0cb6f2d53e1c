import type { DecoderConfig } from '@confu/checkpoint';
import { GGML_QUANTIZATION_VERSION, GGUF_ALIGNMENT, LlamaFileType } from './gguf-constants.js';
import type { GgufMetadataEntry } from './gguf-metadata.js';
import { gguf } from './gguf-metadata.js';
import type { GgufDtype } from './llama-gguf-tensors.js';

/**
 * The `general.*` and `llama.*` keys convert_hf_to_gguf.py writes for a `LlamaForCausalLM`
 * (gguf-py `Keys.General`, `Keys.LLM`, `Keys.Attention`, `Keys.Rope`).
 */
export function llamaGgufMetadata(
  config: DecoderConfig,
  options: { readonly dtype: GgufDtype; readonly name: string },
): GgufMetadataEntry[] {
  const defaultHeadDim = config.hiddenSize / config.numHeads;
  return [
    gguf.string('general.architecture', 'llama'),
    gguf.string('general.type', 'model'),
    gguf.string('general.name', options.name),
    gguf.uint32('general.file_type', LlamaFileType[options.dtype]),
    gguf.uint32('general.quantization_version', GGML_QUANTIZATION_VERSION),
    gguf.uint32('general.alignment', GGUF_ALIGNMENT),
    gguf.uint32('llama.vocab_size', config.vocabSize),
    gguf.uint32('llama.context_length', config.contextLength),
    gguf.uint32('llama.embedding_length', config.hiddenSize),
    gguf.uint32('llama.block_count', config.numLayers),
    gguf.uint32('llama.feed_forward_length', config.intermediateSize),
    gguf.uint32('llama.attention.head_count', config.numHeads),
    gguf.uint32('llama.attention.head_count_kv', config.numKvHeads),
    ...(config.headDim === defaultHeadDim
      ? []
      : [
          gguf.uint32('llama.attention.key_length', config.headDim),
          gguf.uint32('llama.attention.value_length', config.headDim),
        ]),
    gguf.uint32('llama.rope.dimension_count', config.headDim),
    gguf.float32('llama.rope.freq_base', config.ropeTheta),
    gguf.float32('llama.attention.layer_norm_rms_epsilon', config.rmsNormEps),
  ];
}
