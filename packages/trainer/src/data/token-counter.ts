import { assertArgument } from '@confu/errors';
import type { TrainingRecord } from './training-record.js';

/**
 * Accumulates token frequencies over training records for {@link selectDraftVocabulary}. By
 * default only response tokens count (EAGLE-3 takes the most frequent tokens of the regenerated
 * responses, confu-spec.md §4.3).
 */
export class TokenCounter {
  /** Count per target id (float64: exact up to 2^53). */
  readonly counts: Float64Array;
  #total = 0;

  /** @throws ConfuError `INVALID_ARGUMENT` for a vocabulary size that is not a positive integer. */
  constructor(vocabSize: number) {
    assertArgument(
      Number.isInteger(vocabSize) && vocabSize > 0,
      '`vocabSize` must be a positive integer',
    );
    this.counts = new Float64Array(vocabSize);
  }

  /** Tokens counted so far. */
  get total(): number {
    return this.#total;
  }

  /** Counts `record`'s response tokens, or all of them with `includePrompt`. */
  addRecord(record: TrainingRecord, options: { readonly includePrompt?: boolean } = {}): void {
    this.addTokens(
      options.includePrompt ? record.tokens : record.tokens.subarray(record.promptLength),
    );
  }

  /**
   * Counts each id of `tokens`.
   * @throws ConfuError `INVALID_ARGUMENT` for an id outside the vocabulary (nothing is counted).
   */
  addTokens(tokens: ArrayLike<number>): void {
    const size = this.counts.length;
    for (let index = 0; index < tokens.length; index++) {
      const id = tokens[index] as number;
      assertArgument(
        Number.isInteger(id) && id >= 0 && id < size,
        `token id ${id} is outside the vocabulary of ${size}`,
      );
    }
    for (let index = 0; index < tokens.length; index++) {
      const id = tokens[index] as number;
      this.counts[id] = (this.counts[id] as number) + 1;
    }
    this.#total += tokens.length;
  }
}
