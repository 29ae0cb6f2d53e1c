import { ConfuError, assertArgument } from '@confu/errors';
import type { DecoderWeights } from '@confu/checkpoint';
import type { GgufSink } from './gguf-sink.js';
import type { GgufVocabulary } from './gguf-vocabulary.js';
import { llamaGgufMetadata } from './llama-gguf-metadata.js';
import type { GgufDtype } from './llama-gguf-tensors.js';
import { llamaGgufTensors } from './llama-gguf-tensors.js';
import { padGgufVocabulary } from './pad-vocabulary.js';
import { vocabularyMetadata } from './vocabulary-metadata.js';
import type { GgufContent } from './write-gguf.js';
import { writeGguf } from './write-gguf.js';

/** Options of {@link writeLlamaGguf}. */
export interface LlamaGgufOptions {
  readonly dtype: GgufDtype;
  /**
   * Type of `token_embd` / `output` (default `dtype`): e.g. q8_0 beside q4_0 layers, as confu's
   * q4 graphs store them, so both engines run the same weights.
   */
  readonly embeddingDtype?: GgufDtype;
  /** `general.name`. Default: the weights' source name, else `model`. */
  readonly name?: string;
}

const dtypes: readonly GgufDtype[] = ['f32', 'f16', 'q8_0', 'q4_0'];

/**
 * The metadata and tensors of a llama.cpp `llama` GGUF for a decoder and its tokenizer.
 * @throws ConfuError `INVALID_ARGUMENT` for an unknown dtype, `INVALID_CONFIG` when the vocabulary
 * and the model disagree on size, `UNSUPPORTED` for a decoder that is not Llama-family.
 */
export function llamaGgufContent(
  weights: DecoderWeights,
  vocabulary: GgufVocabulary,
  options: LlamaGgufOptions,
): GgufContent {
  assertArgument(
    dtypes.includes(options.dtype),
    `\`dtype\` must be one of ${dtypes.join(', ')}, got \`${String(options.dtype)}\``,
  );
  const { vocabSize } = weights.config;
  if (vocabulary.tokens.length > vocabSize) {
    throw new ConfuError(
      'INVALID_CONFIG',
      `the tokenizer has ${vocabulary.tokens.length} tokens, more than the model's vocabulary ${vocabSize}`,
    );
  }
  const tensors = llamaGgufTensors(weights, options.dtype, options.embeddingDtype);
  const name = options.name ?? weights.source?.name ?? 'model';
  return {
    metadata: [
      ...llamaGgufMetadata(weights.config, { dtype: options.dtype, name }),
      ...vocabularyMetadata(padGgufVocabulary(vocabulary, vocabSize)),
    ],
    tensors,
  };
}

/**
 * Streams a decoder as a GGUF v3 file for llama.cpp (`general.architecture = llama`) to `sink`,
 * one tensor in memory at a time. @returns the bytes written.
 */
export async function writeLlamaGguf(
  sink: GgufSink,
  weights: DecoderWeights,
  vocabulary: GgufVocabulary,
  options: LlamaGgufOptions,
): Promise<number> {
  return await writeGguf(sink, llamaGgufContent(weights, vocabulary, options));
}
