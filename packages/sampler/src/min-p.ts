import { checkMinP } from './validate-options.js';
import { maxValue } from './max-value.js';

/**
 * Min-p filtering (Nguyen et al. 2024, Hugging Face `MinPLogitsWarper`), **in place**: removes
 * (sets to -Infinity) every token whose probability is below `minP` × the top probability, and
 * returns `logits`. The most likely token always survives. `minP` = 0 is a no-op.
 * @throws ConfuError `INVALID_ARGUMENT` unless `minP` is in [0, 1].
 */
export function applyMinP(logits: Float32Array, minP: number): Float32Array {
  checkMinP(minP);
  if (minP === 0) return logits;
  const max = maxValue(logits);
  // p_i / p_max = exp(l_i - max): no softmax needed.
  for (let index = 0; index < logits.length; index++) {
    if (Math.exp((logits[index] as number) - max) < minP) logits[index] = -Infinity;
  }
  return logits;
}
