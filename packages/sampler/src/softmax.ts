import { maxValue } from './max-value.js';

/**
 * Numerically stable softmax into a new array: the maximum is subtracted before `exp` and the sum
 * is accumulated in float64. -Infinity logits get probability 0. Expects at least one finite logit
 * (see {@link assertFiniteLogits}).
 */
export function softmax(logits: Float32Array): Float32Array {
  return new Float32Array(softmax64(logits));
}

/** Softmax in float64, for callers that compare cumulative masses. */
export function softmax64(logits: Float32Array): Float64Array {
  const max = maxValue(logits);
  const exps = new Float64Array(logits.length);
  let sum = 0;
  for (let index = 0; index < logits.length; index++) {
    const exp = Math.exp((logits[index] as number) - max);
    exps[index] = exp;
    sum += exp;
  }
  for (let index = 0; index < exps.length; index++) exps[index] = (exps[index] as number) / sum;
  return exps;
}
