import { topLogProbs } from '../lm/top-log-probs.js';
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
  const { tokens, logProbs } = topLogProbs(logits, row, draftToTarget.length, k);
  return { tokens: tokens.map((id) => draftToTarget[id] as number), logProbs };
}
