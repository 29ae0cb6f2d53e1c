import type { DecoderWeights } from '../decoder/decoder-weights.js';
import type { LazySafetensorsTensor } from '../safetensors/write-safetensors.js';
import { expandDecoder } from './expand-decoder.js';
import type { ExpandedDecoder } from './expand-decoder.js';
import type { ExpandShape } from './expand-shapes.js';

/** Options of {@link expandedCheckpoint}. */
export interface ExpandedCheckpointOptions {
  /** The original's tap layers (its default rule's, unless it records others). */
  readonly tapLayers: readonly number[];
  /** What was expanded, recorded in config.json: a name and the sha256 of its weights file. */
  readonly source: { readonly name: string; readonly sha256?: string };
}

/** The files of an expanded Hugging Face checkpoint, tensors built as they are written. */
export interface ExpandedCheckpoint {
  readonly decoder: ExpandedDecoder;
  /** `config.json`. */
  readonly config: Record<string, unknown>;
  /** `model.safetensors`, float32. */
  readonly tensors: readonly LazySafetensorsTensor[];
}

/**
 * A Llama-family Hugging Face checkpoint (config.json + model.safetensors) of `shape` computing
 * `weights`' function (see {@link expandDecoder}). config.json records the original's tap layers
 * and where it came from under `confu`; the tokenizer files are the original's.
 */
export function expandedCheckpoint(
  weights: DecoderWeights,
  shape: ExpandShape,
  options: ExpandedCheckpointOptions,
): ExpandedCheckpoint {
  const decoder = expandDecoder(weights, shape, options.tapLayers);
  const c = decoder.config;
  const config: Record<string, unknown> = {
    architectures: ['LlamaForCausalLM'],
    model_type: 'llama',
    hidden_act: 'silu',
    hidden_size: c.hiddenSize,
    intermediate_size: c.intermediateSize,
    num_hidden_layers: c.numLayers,
    num_attention_heads: c.numHeads,
    num_key_value_heads: c.numKvHeads,
    head_dim: c.headDim,
    vocab_size: c.vocabSize,
    max_position_embeddings: c.contextLength,
    rms_norm_eps: c.rmsNormEps,
    rope_theta: c.ropeTheta,
    attention_bias: c.qkvBias,
    tie_word_embeddings: c.tiedEmbeddings,
    torch_dtype: 'float32',
    ...(weights.bosTokenId !== undefined ? { bos_token_id: weights.bosTokenId } : {}),
    ...(weights.eosTokenIds ? { eos_token_id: [...weights.eosTokenIds] } : {}),
    confu: {
      tap_layers: [...decoder.tapLayers],
      expanded_from: {
        model: options.source.name,
        ...(options.source.sha256 ? { sha256: options.source.sha256 } : {}),
        shape: shape.name,
        vocab_size: weights.config.vocabSize,
      },
    },
  };
  const tensors = decoder.tensors.map((tensor) => ({
    name: tensor.name,
    dtype: 'F32' as const,
    shape: tensor.shape,
    data: tensor.build,
  }));
  return { decoder, config, tensors };
}
