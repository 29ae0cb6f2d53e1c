import type { ChildCandidates } from '../tree/index.js';
import type { HeadRunOutput } from './draft-head-runner.js';

/**
 * The best draft ids of row `row` of a head pass, as the graph ranked them (log-softmax over the
 * valid draft ids, best first, ties to the lower id), mapped to target ids through `d2t`
 * (`draftToTarget[i] = i + d2t[i]`) as EAGLE-3 does before ids enter the tree (confu-spec.md §4.3).
 * Ids of probability 0 (masked) are left out.
 */
export function draftVocabTopK(
  out: Pick<HeadRunOutput, 'topLogProbs' | 'topIds' | 'topK'>,
  row: number,
  draftToTarget: Int32Array,
): ChildCandidates {
  const tokens: number[] = [];
  const logProbs: number[] = [];
  for (let rank = 0; rank < out.topK; rank++) {
    const logProb = out.topLogProbs[row * out.topK + rank] as number;
    if (logProb === Number.NEGATIVE_INFINITY) break;
    tokens.push(draftToTarget[Number(out.topIds[row * out.topK + rank])] as number);
    logProbs.push(logProb);
  }
  return { tokens, logProbs };
}
