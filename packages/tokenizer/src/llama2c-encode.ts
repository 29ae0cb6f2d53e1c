import { BinaryHeap } from './binary-heap.js';
import { bytesToBinaryString, llama2cByteFallbackOffset } from './llama2c-vocabulary.js';
import type { Llama2cVocabulary } from './llama2c-vocabulary.js';

/** llama2.c's BOS id: prepended by `encode` and emitted by the model between stories. */
export const llama2cBosId = 1;
/** run.c starts `best_score` here, so pairs scoring at or below it never merge. */
const minimumMergeScore = -1e10;

interface Candidate {
  readonly left: number;
  readonly right: number;
  readonly leftVersion: number;
  readonly rightVersion: number;
  readonly id: number;
  readonly score: number;
}

/**
 * llama2.c run.c `encode(text, bos, eos=0)`: optional BOS, a dummy-prefix `" "` for non-empty
 * text, one id per UTF-8 character (or per byte, id = byte + 3, when the character is no piece),
 * then repeated merging of the adjacent pair whose concatenation is the highest-scoring piece,
 * the leftmost on ties. A heap with lazily invalidated entries finds that pair in O(log n)
 * instead of run.c's full rescan, with the same result.
 */
export function encodeLlama2c(vocab: Llama2cVocabulary, text: string, addBos: boolean): number[] {
  const ids = addBos ? [llama2cBosId] : [];
  if (text.length > 0) {
    // run.c looks up " "; byte fallback keeps a vocabulary without that piece usable.
    ids.push(vocab.pieceIds.get(' ') ?? 0x20 + llama2cByteFallbackOffset);
  }
  pushCharacterIds(vocab, new TextEncoder().encode(text), ids);
  return mergePairs(vocab, ids);
}

/** Groups bytes exactly like run.c: a lead byte plus up to three continuation bytes. */
function pushCharacterIds(vocab: Llama2cVocabulary, bytes: Uint8Array, ids: number[]): void {
  let start = 0;
  let length = 0;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] ?? 0;
    if ((byte & 0xc0) !== 0x80 || length === 0) {
      start = index;
      length = 0;
    }
    length++;
    const next = bytes[index + 1] ?? 0;
    if ((next & 0xc0) === 0x80 && length < 4) continue;
    const character = bytes.subarray(start, start + length);
    const id = vocab.pieceIds.get(bytesToBinaryString(character));
    if (id !== undefined) ids.push(id);
    else for (const value of character) ids.push(value + llama2cByteFallbackOffset);
    length = 0;
  }
}

function mergePairs(vocab: Llama2cVocabulary, ids: number[]): number[] {
  const count = ids.length;
  const next = Int32Array.from({ length: count }, (_, index) => index + 1);
  const previous = Int32Array.from({ length: count }, (_, index) => index - 1);
  const version = new Int32Array(count);
  const alive = new Uint8Array(count).fill(1);
  const heap = new BinaryHeap<Candidate>(
    (a, b) => a.score > b.score || (a.score === b.score && a.left < b.left),
  );
  const consider = (left: number, right: number): void => {
    if (left < 0 || right >= count) return;
    const merged = vocab.pieceIds.get(
      (vocab.pieces[ids[left] ?? 0] ?? '') + (vocab.pieces[ids[right] ?? 0] ?? ''),
    );
    if (merged === undefined) return;
    const score = vocab.scores[merged] ?? Number.NaN;
    if (!(score > minimumMergeScore)) return;
    const leftVersion = version[left] ?? 0;
    const rightVersion = version[right] ?? 0;
    heap.push({ left, right, leftVersion, rightVersion, id: merged, score });
  };
  for (let index = 0; index + 1 < count; index++) consider(index, index + 1);

  for (let candidate = heap.pop(); candidate !== undefined; candidate = heap.pop()) {
    const { left, right } = candidate;
    const stale =
      alive[left] === 0 ||
      alive[right] === 0 ||
      next[left] !== right ||
      version[left] !== candidate.leftVersion ||
      version[right] !== candidate.rightVersion;
    if (stale) continue;
    ids[left] = candidate.id;
    version[left] = (version[left] ?? 0) + 1;
    alive[right] = 0;
    const after = next[right] ?? count;
    next[left] = after;
    if (after < count) previous[after] = left;
    consider(previous[left] ?? -1, left);
    consider(left, after);
  }
  return ids.filter((_, index) => alive[index] === 1);
}
