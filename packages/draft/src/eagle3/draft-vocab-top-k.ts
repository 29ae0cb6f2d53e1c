import { ConfuError } from '@confu/errors';
import type { ChildCandidates } from '../tree/index.js';

/**
 * The `k` most likely draft-vocabulary ids of logits row `row` (`[rows, Vd]`) with their
 * log-softmax values (float64), mapped to target ids through `d2t`
 * (`draftToTarget[i] = i + d2t[i]`) as EAGLE-3 does before ids enter the tree (confu-spec.md
 * §4.3). Ties go to the lower draft id.
 * @throws ConfuError `NUMERIC_ERROR` when the row is not a finite distribution.
 */
export function draftVocabTopK(
  logits: Float32Array,
  row: number,
  k: number,
  draftToTarget: Int32Array,
): ChildCandidates {
  const values = logits.subarray(row * draftToTarget.length, (row + 1) * draftToTarget.length);
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > max || Number.isNaN(value)) max = value;
  let sum = 0;
  for (const value of values) sum += Math.exp(value - max);
  const logNormalizer = max + Math.log(sum);
  if (!Number.isFinite(logNormalizer)) {
    throw new ConfuError(
      'NUMERIC_ERROR',
      `draft head logits row ${row} is not a finite distribution`,
    );
  }
  // Insertion into a k-long sorted list: k is small next to the draft vocabulary.
  const ids: number[] = [];
  for (let id = 0; id < values.length; id++) {
    const value = values[id] as number;
    if (ids.length === k && value <= (values[ids[k - 1] as number] as number)) continue;
    let at = ids.length;
    while (at > 0 && value > (values[ids[at - 1] as number] as number)) at--;
    ids.splice(at, 0, id);
    if (ids.length > k) ids.pop();
  }
  return {
    tokens: ids.map((id) => draftToTarget[id] as number),
    logProbs: ids.map((id) => (values[id] as number) - logNormalizer),
  };
}
