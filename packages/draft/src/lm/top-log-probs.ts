import { ConfuError } from '@confu/errors';
import type { ChildCandidates } from '../tree/expand-function.js';

/**
 * The `k` most likely tokens of logits row `row` (`[rows, vocabSize]` row-major) with their
 * log-softmax values, most likely first.
 * @throws ConfuError `NUMERIC_ERROR` when the row holds NaN or +∞, or is all −∞.
 */
export function topLogProbs(
  logits: Float32Array,
  row: number,
  vocabSize: number,
  k: number,
): ChildCandidates {
  const values = logits.subarray(row * vocabSize, (row + 1) * vocabSize);
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > max || Number.isNaN(value)) max = value;
  let sum = 0;
  for (const value of values) sum += Math.exp(value - max);
  const logNormalizer = max + Math.log(sum);
  if (!Number.isFinite(logNormalizer)) {
    throw new ConfuError('NUMERIC_ERROR', `draft logits row ${row} is not a finite distribution`);
  }
  // Insertion into a k-long sorted list: k is small next to the vocabulary.
  const tokens: number[] = [];
  const best: number[] = [];
  values.forEach((value, token) => {
    if (best.length === k && value <= (best[k - 1] as number)) return;
    let at = best.length;
    while (at > 0 && value > (best[at - 1] as number)) at--;
    best.splice(at, 0, value);
    tokens.splice(at, 0, token);
    if (best.length > k) {
      best.pop();
      tokens.pop();
    }
  });
  return { tokens, logProbs: best.map((value) => value - logNormalizer) };
}
