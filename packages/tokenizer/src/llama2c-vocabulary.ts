import { ConfuError } from '@confu/errors';

/** The parsed content of a llama2.c `tokenizer.bin`. Internal. */
export interface Llama2cVocabulary {
  /** One "binary string" per id: each UTF-16 unit holds one byte of the piece. */
  readonly pieces: readonly string[];
  /** Merge priority of each id (float32, higher merges first). */
  readonly scores: Float32Array;
  /** First id of each piece, as run.c's `str_lookup` would find it. */
  readonly pieceIds: ReadonlyMap<string, number>;
}

/** Ids 3..258 are the byte-fallback pieces `<0x00>`..`<0xFF>` in llama2.c vocabularies. */
export const llama2cByteFallbackOffset = 3;
const minimumVocabSize = llama2cByteFallbackOffset + 256;

/**
 * Parses `int32 max_token_length`, then per id `float32 score, int32 length, length bytes`
 * (little-endian). Without `vocabSize` the pieces run to the end of the file.
 */
export function parseLlama2cVocabulary(
  bytes: Uint8Array,
  name: string,
  vocabSize: number | undefined,
): Llama2cVocabulary {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (message: string): never => {
    throw new ConfuError('INVALID_FILE', `${name}: ${message}`);
  };
  if (bytes.length < 4) fail(`truncated: ${bytes.length} bytes, no max_token_length header`);
  const maxTokenLength = view.getInt32(0, true);
  if (maxTokenLength < 1 || maxTokenLength > bytes.length) {
    fail(`max_token_length ${maxTokenLength} is outside [1, ${bytes.length}]`);
  }
  const pieces: string[] = [];
  const scores: number[] = [];
  let offset = 4;
  while (vocabSize === undefined ? offset < bytes.length : pieces.length < vocabSize) {
    const id = pieces.length;
    const expected = vocabSize === undefined ? '' : ` (vocabSize is ${vocabSize})`;
    if (offset + 8 > bytes.length) {
      fail(`truncated in the header of piece ${id} at byte ${offset}${expected}`);
    }
    const length = view.getInt32(offset + 4, true);
    if (length < 0 || length > maxTokenLength) {
      fail(`piece ${id} has length ${length}, outside [0, max_token_length ${maxTokenLength}]`);
    }
    if (offset + 8 + length > bytes.length) {
      fail(`truncated in the bytes of piece ${id} at byte ${offset + 8}${expected}`);
    }
    scores.push(view.getFloat32(offset, true));
    pieces.push(bytesToBinaryString(bytes.subarray(offset + 8, offset + 8 + length)));
    offset += 8 + length;
  }
  if (offset < bytes.length) {
    fail(
      `${bytes.length - offset} bytes left after ${pieces.length} pieces: vocabSize does not match`,
    );
  }
  if (pieces.length < minimumVocabSize) {
    fail(`${pieces.length} pieces; at least ${minimumVocabSize} are needed (ids 3..258 are bytes)`);
  }
  const pieceIds = new Map<string, number>();
  pieces.forEach((piece, id) => {
    if (!pieceIds.has(piece)) pieceIds.set(piece, id);
  });
  return { pieces, scores: Float32Array.from(scores), pieceIds };
}

/** One UTF-16 unit per byte, so that pieces compare and concatenate byte-wise, as in C. */
export function bytesToBinaryString(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
