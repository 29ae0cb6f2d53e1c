import { checkTemperature } from './validate-options.js';
import { maxValue } from './max-value.js';

/**
 * Temperature scaling, **in place**; returns `logits`. Each logit becomes
 * `(logit − max) / temperature`: the shift by the maximum leaves the softmax unchanged but keeps
 * tiny temperatures from overflowing float32 into `Infinity − Infinity = NaN`. Values below 1
 * sharpen the distribution, above 1 flatten it; 1 is a no-op. Temperature 0 (greedy) is not a
 * scaling and is handled by {@link createSampler}. Needs at least one finite logit.
 * @throws ConfuError `INVALID_ARGUMENT` unless `temperature` is finite and > 0.
 */
export function applyTemperature(logits: Float32Array, temperature: number): Float32Array {
  checkTemperature(temperature, false);
  if (temperature === 1) return logits;
  const max = maxValue(logits);
  // Computed in float64 and rounded to float32 once.
  for (let index = 0; index < logits.length; index++) {
    logits[index] = ((logits[index] as number) - max) / temperature;
  }
  return logits;
}
