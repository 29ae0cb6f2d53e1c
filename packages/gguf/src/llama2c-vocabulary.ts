import { ConfuError } from '@confu/errors';
import { GgufTokenType } from './gguf-constants.js';
import type { LlamaGgufVocabulary } from './gguf-vocabulary.js';

/** Options of {@link llama2cVocabulary}. */
export interface Llama2cVocabularyOptions {
  /** The model's vocabulary size: the file must hold at least that many pieces. Default: all. */
  readonly vocabSize?: number;
  /** File name for error messages. Default `tokenizer.bin`. */
  readonly name?: string;
}

const unknownId = 0;
const bosId = 1;
const eosId = 2;
const byteToken = /^<0x[0-9A-F]{2}>$/;

/**
 * Turns a llama2.c `tokenizer.bin` (`int32 max_token_length`, then per id `float32 score,
 * int32 length, bytes`) back into the SentencePiece vocabulary it was exported from
 * (llama2.c `tokenizer.py`): spaces become `▁` again, ids 0/1/2 are `<unk>`, `<s>`, `</s>`
 * (llama2.c stores `\n<s>\n` and `\n</s>\n`), `<0xXX>` pieces are byte tokens.
 * @throws ConfuError `INVALID_FILE` for a truncated file or one with too few pieces.
 */
export function llama2cVocabulary(
  bytes: Uint8Array,
  options: Llama2cVocabularyOptions = {},
): LlamaGgufVocabulary {
  const name = options.name ?? 'tokenizer.bin';
  const fail = (message: string): never => {
    throw new ConfuError('INVALID_FILE', `${name}: ${message}`);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  const tokens: string[] = [];
  const scores: number[] = [];
  let offset = 4;
  if (bytes.length < offset) fail('truncated before max_token_length');
  while (offset < bytes.length && tokens.length < (options.vocabSize ?? Infinity)) {
    if (offset + 8 > bytes.length) fail(`truncated in the header of piece ${tokens.length}`);
    const length = view.getInt32(offset + 4, true);
    if (length < 0 || offset + 8 + length > bytes.length) {
      fail(`piece ${tokens.length} has length ${length}, past the end of the file`);
    }
    scores.push(view.getFloat32(offset, true));
    tokens.push(decoder.decode(bytes.subarray(offset + 8, offset + 8 + length)));
    offset += 8 + length;
  }
  if (tokens.length < (options.vocabSize ?? 3)) {
    fail(`${tokens.length} pieces, fewer than the model's ${options.vocabSize ?? 3}`);
  }
  const pieces = tokens.map((token, id) => pieceOf(token, id));
  return {
    model: 'llama',
    tokens: pieces,
    scores: Float32Array.from(scores),
    tokenTypes: Int32Array.from(pieces, (piece, id) => tokenTypeOf(piece, id)),
    bosTokenId: bosId,
    eosTokenId: eosId,
    unknownTokenId: unknownId,
  };
}

function pieceOf(token: string, id: number): string {
  if (id === unknownId) return '<unk>';
  if (id === bosId) return '<s>';
  if (id === eosId) return '</s>';
  return token.replaceAll(' ', '\u2581');
}

function tokenTypeOf(piece: string, id: number): number {
  if (id === unknownId) return GgufTokenType.unknown;
  if (id === bosId || id === eosId) return GgufTokenType.control;
  if (byteToken.test(piece)) return GgufTokenType.byte;
  return GgufTokenType.normal;
}
