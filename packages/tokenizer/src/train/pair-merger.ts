import { BinaryHeap } from '../binary-heap.js';

interface QueuedPair {
  readonly count: number;
  readonly key: number;
}

/**
 * The state of BPE training: every distinct word as a list of symbol ids with its count, the count
 * of each adjacent pair, the words each pair occurs in, and a max-queue of pairs.
 *
 * Counts are updated only for the words a merge touches. The queue is lazy: a merge can only lower
 * the counts of existing pairs (every new adjacency contains the new symbol), so a popped entry whose
 * count is stale is pushed back with the current count, and an entry that is current is the most
 * frequent pair. Ties go to the smaller (left, right) id pair. The choice therefore depends only on
 * the counts, never on the queue's history, which is what makes a resumed run identical.
 */
export class PairMerger {
  readonly #words: number[][] = [];
  readonly #wordCounts: number[] = [];
  readonly #pairCounts = new Map<number, number>();
  readonly #pairWords = new Map<number, number[]>();
  readonly #queue = new BinaryHeap<QueuedPair>(
    (a, b) => a.count > b.count || (a.count === b.count && a.key < b.key),
  );
  /** Keys are `left * stride + right`: ordered like (left, right) and small integers for V8. */
  readonly #stride: number;
  readonly #seenInMerge: Int32Array;
  #merges = 0;

  constructor(words: Iterable<readonly [symbols: number[], count: number]>, stride: number) {
    this.#stride = stride;
    for (const [symbols, count] of words) {
      const index = this.#words.length;
      this.#words.push(symbols);
      this.#wordCounts.push(count);
      for (let i = 0; i + 1 < symbols.length; i++) {
        this.#addPair(this.#key(symbols[i] as number, symbols[i + 1] as number), count, index);
      }
    }
    this.#seenInMerge = new Int32Array(this.#words.length).fill(-1);
    for (const [key, count] of this.#pairCounts) this.#queue.push({ count, key });
  }

  /** The most frequent pair as `[left, right]`, or `undefined` when no pair is left. */
  best(): [left: number, right: number] | undefined {
    for (;;) {
      const top = this.#queue.pop();
      if (top === undefined) return undefined;
      const count = this.#pairCounts.get(top.key) ?? 0;
      if (count === top.count) {
        this.#queue.push(top); // still the best until merged
        return [Math.floor(top.key / this.#stride), top.key % this.#stride];
      }
      if (count > 0) this.#queue.push({ count, key: top.key });
    }
  }

  /** Replaces every occurrence of `left right` (leftmost first) by `merged` and updates counts. */
  merge(left: number, right: number, merged: number): void {
    const key = this.#key(left, right);
    const stamp = this.#merges++;
    const created = new Set<number>();
    for (const index of this.#pairWords.get(key) ?? []) {
      if (this.#seenInMerge[index] === stamp) continue;
      this.#seenInMerge[index] = stamp;
      const symbols = this.#words[index] as number[];
      const count = this.#wordCounts[index] as number;
      const next = mergeSymbols(symbols, left, right, merged);
      if (next === symbols) continue; // the index entry was stale
      this.#countPairs(symbols, -count);
      this.#countPairs(next, count);
      this.#words[index] = next;
      for (let i = 0; i + 1 < next.length; i++) {
        const a = next[i] as number;
        const b = next[i + 1] as number;
        if (a !== merged && b !== merged) continue;
        const newKey = this.#key(a, b);
        created.add(newKey);
        const list = this.#pairWords.get(newKey);
        if (list === undefined) this.#pairWords.set(newKey, [index]);
        else if (list[list.length - 1] !== index) list.push(index);
      }
    }
    this.#pairCounts.delete(key);
    this.#pairWords.delete(key);
    for (const newKey of created) {
      const count = this.#pairCounts.get(newKey) ?? 0;
      if (count > 0) this.#queue.push({ count, key: newKey });
    }
  }

  #key(left: number, right: number): number {
    return left * this.#stride + right;
  }

  #addPair(key: number, count: number, index: number): void {
    this.#pairCounts.set(key, (this.#pairCounts.get(key) ?? 0) + count);
    const list = this.#pairWords.get(key);
    if (list === undefined) this.#pairWords.set(key, [index]);
    else if (list[list.length - 1] !== index) list.push(index);
  }

  #countPairs(symbols: readonly number[], delta: number): void {
    const counts = this.#pairCounts;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = this.#key(symbols[i] as number, symbols[i + 1] as number);
      counts.set(key, (counts.get(key) ?? 0) + delta);
    }
  }
}

/** `symbols` with `left right` replaced by `merged` left to right, or `symbols` if absent. */
function mergeSymbols(
  symbols: readonly number[],
  left: number,
  right: number,
  merged: number,
): number[] {
  let out: number[] | undefined;
  for (let i = 0; i < symbols.length; i++) {
    if (symbols[i] === left && symbols[i + 1] === right) {
      out ??= symbols.slice(0, i);
      out.push(merged);
      i++;
    } else if (out !== undefined) {
      out.push(symbols[i] as number);
    }
  }
  return out ?? (symbols as number[]);
}
