/**
 * The target's next-token distribution at every position, stored in full: row `i` of the
 * `[n, vocabSize]` `logProbs` is `log p_target(· | tokens[0..i])` (log-softmax of the raw logits,
 * temperature 1, no sampling processors).
 */
export interface FullTargetDistribution {
  readonly kind: 'full';
  readonly vocabSize: number;
  /** `[n, vocabSize]` row-major. */
  readonly logProbs: Float32Array;
}

/**
 * The `k` most likely next tokens per position, for large vocabularies: row `i` holds the ids
 * (most likely first, ties by lower id) and their log-probabilities under the full softmax, so
 * `1 − Σ exp(logProbs)` is the mass left out. Training restricted to a draft vocabulary
 * (confu-spec.md §6.2) renormalises the entries that fall inside it.
 */
export interface TopKTargetDistribution {
  readonly kind: 'top-k';
  readonly k: number;
  /** `[n, k]` row-major target ids. */
  readonly ids: Int32Array;
  /** `[n, k]` row-major log-probabilities. */
  readonly logProbs: Float32Array;
}

/** Full rows when the vocabulary is small, top-k rows otherwise. */
export type TargetDistribution = FullTargetDistribution | TopKTargetDistribution;

/** How a record's sequence ended. */
export type RecordFinishReason = 'stop' | 'length' | 'reference';

/**
 * One training sequence of n tokens with what ONE frozen-target forward over all of it yields
 * (confu-spec.md §6.1): the EAGLE-3 feature taps and the target distribution at every position.
 * Position `i`'s taps and distribution see `tokens[0..i]` and predict `tokens[i + 1]`.
 */
export interface TrainingRecord {
  /** Ordinal of the prompt this record came from. */
  readonly index: number;
  /** `[n]` prompt ids (BOS included) followed by the response ids. */
  readonly tokens: Int32Array;
  /** Number of prompt ids; the response is `tokens[promptLength..]`. */
  readonly promptLength: number;
  /**
   * `stop`: the target sampled an end token (appended to `tokens` when the tokenizer has exactly
   * one); `length`: `maxNewTokens` or the context end; `reference`: the corpus continuation was
   * used instead of a regenerated response.
   */
  readonly finishReason: RecordFinishReason;
  /** Floats per position in `taps` (numTaps · hidden size, 3h for EAGLE-3). */
  readonly tapWidth: number;
  /** `[n, tapWidth]` row-major hidden-state taps (low, mid, high). */
  readonly taps: Float32Array;
  readonly target: TargetDistribution;
}
