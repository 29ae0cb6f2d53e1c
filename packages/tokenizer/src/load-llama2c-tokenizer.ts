import { ConfuError } from '@confu/errors';
import { assertTokenIds } from './assert-token-ids.js';
import { decodeLlama2c, llama2cEosId } from './llama2c-decode.js';
import { encodeLlama2c, llama2cBosId } from './llama2c-encode.js';
import { parseLlama2cVocabulary } from './llama2c-vocabulary.js';
import { probeTokenizer } from './probe-tokenizer.js';
import { createWindowedStreamDecoder } from './stream-decoder.js';
import type { Tokenizer } from '@confu/core';

/** Options of {@link loadLlama2cTokenizer}. */
export interface LoadLlama2cTokenizerOptions {
  /** The model's `vocab_size`: the file must hold exactly that many pieces. Default: all pieces. */
  readonly vocabSize?: number;
  /** File name used in error messages. Default `tokenizer.bin`. */
  readonly name?: string;
}

/** `<unk>`; with BOS and EOS the special ids of every llama2.c vocabulary. */
const unknownId = 0;
const noIds: ReadonlySet<number> = new Set();

/**
 * Loads a llama2.c `tokenizer.bin` (`int32 max_token_length`, then per id `float32 score,
 * int32 length, bytes`). Encoding is run.c's `encode(text, bos=1, eos=0)`; `eosTokenIds` is
 * `[1]`: llama2.c models separate stories with BOS and run.c stops generating when the model
 * emits BOS (id 1), never EOS (id 2).
 * @throws ConfuError `INVALID_FILE` for a truncated or inconsistent file (named by `options.name`),
 * `INVALID_ARGUMENT` for a bad `vocabSize`.
 */
export function loadLlama2cTokenizer(
  bytes: Uint8Array,
  options: LoadLlama2cTokenizerOptions = {},
): Tokenizer {
  const name = options.name ?? 'tokenizer.bin';
  if (!(bytes instanceof Uint8Array)) {
    throw new ConfuError('INVALID_ARGUMENT', `${name}: bytes must be a Uint8Array`);
  }
  const { vocabSize } = options;
  if (vocabSize !== undefined && !(Number.isInteger(vocabSize) && vocabSize > 0)) {
    throw new ConfuError('INVALID_ARGUMENT', `vocabSize for ${name} must be a positive integer`);
  }
  const vocab = parseLlama2cVocabulary(bytes, name, vocabSize);
  const size = vocab.pieces.length;
  const specialTokenIds: ReadonlySet<number> = new Set([unknownId, llama2cBosId, llama2cEosId]);
  const decode = (ids: readonly number[], skipSpecialTokens = false): string => {
    assertTokenIds(ids, size, name);
    return decodeLlama2c(vocab, ids, skipSpecialTokens ? specialTokenIds : noIds);
  };
  const encode = (text: string, addSpecialTokens: boolean): number[] => {
    if (typeof text !== 'string') {
      throw new ConfuError('INVALID_ARGUMENT', `text to encode with ${name} must be a string`);
    }
    return encodeLlama2c(vocab, text, addSpecialTokens);
  };
  probeTokenizer(
    name,
    size,
    (text) => encode(text, true),
    (ids) => decode(ids),
  );
  return {
    vocabSize: size,
    bosTokenId: llama2cBosId,
    eosTokenIds: [llama2cBosId],
    specialTokenIds,
    encode: (text, encodeOptions) => encode(text, encodeOptions?.addSpecialTokens ?? true),
    decode: (ids, decodeOptions) => decode(ids, decodeOptions?.skipSpecialTokens),
    idToPiece: (id) => {
      const piece = vocab.pieces[id];
      return piece === undefined ? undefined : new TextDecoder().decode(binaryToBytes(piece));
    },
    createStreamDecoder: (streamOptions = {}) => {
      const skip = streamOptions.skipSpecialTokens ?? true;
      return createWindowedStreamDecoder((ids) => decode(ids, skip), {
        ...(streamOptions.prefixIds ? { prefixIds: streamOptions.prefixIds } : {}),
      });
    },
  };
}

function binaryToBytes(piece: string): Uint8Array {
  return Uint8Array.from(piece, (character) => character.charCodeAt(0));
}
