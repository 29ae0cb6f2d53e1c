import { ConfuError, assertArgument } from '@confu/errors';
import type { TargetDistribution } from './training-record.js';

/** Vocabularies up to this size keep full log-probability rows ({@link distributionFromLogits}). */
export const maxFullDistributionVocab = 4096;

/** Default `k` of top-k rows for larger vocabularies. */
export const defaultTargetTopK = 64;

/** How much of the target distribution a record keeps. */
export type DistributionMode = 'auto' | 'full' | { readonly topK: number };

/**
 * Turns `[n, vocabSize]` logits into a record's target distribution: full log-softmax rows when
 * `mode` is `full`, or `auto` and `vocabSize ≤ 4096` (stories260K: 512); otherwise the top-k
 * entries per row (`auto`: k = 64). Log-softmax runs in float64 with the maximum subtracted.
 * @throws ConfuError `INVALID_ARGUMENT` for a bad shape or `k`; `NUMERIC_ERROR` for a row with
 * NaN or +∞ logits.
 */
export function distributionFromLogits(
  logits: Float32Array,
  vocabSize: number,
  mode: DistributionMode = 'auto',
): TargetDistribution {
  assertArgument(
    vocabSize > 0 && logits.length % vocabSize === 0,
    `${logits.length} logits are not rows of ${vocabSize}`,
  );
  const rows = logits.length / vocabSize;
  const full = mode === 'full' || (mode === 'auto' && vocabSize <= maxFullDistributionVocab);
  if (full) {
    const logProbs = new Float32Array(logits.length);
    for (let row = 0; row < rows; row++) {
      logSoftmaxRow(
        logits.subarray(row * vocabSize, (row + 1) * vocabSize),
        logProbs.subarray(row * vocabSize),
        row,
      );
    }
    return { kind: 'full', vocabSize, logProbs };
  }
  const k = typeof mode === 'object' ? mode.topK : Math.min(defaultTargetTopK, vocabSize);
  assertArgument(
    Number.isInteger(k) && k >= 1 && k <= vocabSize,
    `top-k needs 1 ≤ k ≤ ${vocabSize}, got ${k}`,
  );
  const ids = new Int32Array(rows * k);
  const kept = new Float32Array(rows * k);
  const scratch = new Float32Array(vocabSize);
  for (let row = 0; row < rows; row++) {
    logSoftmaxRow(logits.subarray(row * vocabSize, (row + 1) * vocabSize), scratch, row);
    topKInto(
      scratch,
      k,
      ids.subarray(row * k, (row + 1) * k),
      kept.subarray(row * k, (row + 1) * k),
    );
  }
  return { kind: 'top-k', k, ids, logProbs: kept };
}

function logSoftmaxRow(logits: Float32Array, out: Float32Array, row: number): void {
  let max = Number.NEGATIVE_INFINITY;
  for (const value of logits) {
    if (Number.isNaN(value) || value === Number.POSITIVE_INFINITY) {
      throw new ConfuError('NUMERIC_ERROR', `target logits of row ${row} hold ${value}`);
    }
    if (value > max) max = value;
  }
  if (max === Number.NEGATIVE_INFINITY) {
    throw new ConfuError('NUMERIC_ERROR', `target logits of row ${row} are all -Infinity`);
  }
  let sum = 0;
  for (const value of logits) sum += Math.exp(value - max);
  const shift = max + Math.log(sum);
  for (let index = 0; index < logits.length; index++)
    out[index] = (logits[index] as number) - shift;
}

/** The k largest values, largest first, ties by lower index: one scan, insertion into k slots. */
function topKInto(values: Float32Array, k: number, ids: Int32Array, kept: Float32Array): void {
  let count = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as number;
    if (count === k && value <= (kept[k - 1] as number)) continue;
    let slot = count < k ? count++ : k - 1;
    // Strictly greater moves up: an equal, earlier (lower) id keeps its place.
    while (slot > 0 && value > (kept[slot - 1] as number)) {
      kept[slot] = kept[slot - 1] as number;
      ids[slot] = ids[slot - 1] as number;
      slot--;
    }
    kept[slot] = value;
    ids[slot] = index;
  }
}
