import { checkHistory, checkRepetitionPenalty } from './validate-options.js';

/**
 * CTRL / Hugging Face repetition penalty, **in place**: for every distinct token id in `history`,
 * a positive logit is divided by `penalty` and a negative one multiplied by it, so `penalty > 1`
 * always makes a seen token less likely. Repeated ids are penalised once. Returns `logits`.
 * @throws ConfuError `INVALID_ARGUMENT` unless `penalty` is finite and > 0 and every id in
 *   `history` is an integer in [0, logits.length).
 */
export function applyRepetitionPenalty(
  logits: Float32Array,
  history: readonly number[],
  penalty: number,
): Float32Array {
  checkRepetitionPenalty(penalty);
  checkHistory(history, logits.length);
  if (penalty === 1) return logits;
  for (const id of new Set(history)) {
    const value = logits[id] as number;
    logits[id] = value < 0 ? value * penalty : value / penalty;
  }
  return logits;
}
