import { assertArgument } from '@confu/errors';

/** Options of {@link NgramIndex}. */
export interface NgramIndexOptions {
  /** Shortest indexed n-gram. */
  readonly minNgram: number;
  /** Longest indexed n-gram. */
  readonly maxNgram: number;
}

/**
 * A growing token sequence with, for every n in `[minNgram, maxNgram]`, a map from each n-gram to
 * the positions where it ends (ascending). `append` costs O(maxNgram) per token, so prompt lookup
 * never rescans the history.
 */
export class NgramIndex {
  readonly minNgram: number;
  readonly maxNgram: number;
  readonly #tokens: number[] = [];
  /** `#maps[n - minNgram]`: n-gram key → end positions. */
  readonly #maps: Map<string, number[]>[];

  constructor(options: NgramIndexOptions) {
    const { minNgram, maxNgram } = options;
    assertArgument(
      Number.isInteger(minNgram) && minNgram >= 1,
      `\`minNgram\` must be an integer ≥ 1, got ${minNgram}`,
    );
    assertArgument(
      Number.isInteger(maxNgram) && maxNgram >= minNgram,
      `\`maxNgram\` must be an integer ≥ minNgram (${minNgram}), got ${maxNgram}`,
    );
    this.minNgram = minNgram;
    this.maxNgram = maxNgram;
    this.#maps = Array.from({ length: maxNgram - minNgram + 1 }, () => new Map());
  }

  /** The indexed sequence. */
  get tokens(): readonly number[] {
    return this.#tokens;
  }

  /** Appends tokens and indexes every n-gram they complete. */
  append(tokens: Iterable<number>): void {
    for (const token of tokens) {
      const end = this.#tokens.length;
      this.#tokens.push(token);
      for (let n = this.minNgram; n <= this.maxNgram && n <= end + 1; n++) {
        const key = this.#key(end - n + 1, end + 1);
        const map = this.#maps[n - this.minNgram] as Map<string, number[]>;
        const positions = map.get(key);
        if (positions) positions.push(end);
        else map.set(key, [end]);
      }
    }
  }

  /** End positions (ascending) of every occurrence of `ngram`; empty for an unindexed length. */
  occurrences(ngram: readonly number[]): readonly number[] {
    const map = this.#maps[ngram.length - this.minNgram];
    return map?.get(ngram.join(',')) ?? [];
  }

  /** Forgets the sequence. */
  clear(): void {
    this.#tokens.length = 0;
    for (const map of this.#maps) map.clear();
  }

  #key(start: number, end: number): string {
    return this.#tokens.slice(start, end).join(',');
  }
}
