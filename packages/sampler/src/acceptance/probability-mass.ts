import { invalidArgument } from './invalid-argument.js';

/**
 * Validates a target or draft distribution and returns its float64 sum. Processed distributions
 * sum to 1 only within float32 rounding, so acceptance divides by this sum, as
 * `sampleFromDistribution` does, and both see the same normalised `p`.
 * @param name how the error message names the array, e.g. "`targetProbabilities(3)`".
 * @param vocabSize the length every distribution of one call must share, if already known.
 * @throws ConfuError `INVALID_ARGUMENT` unless `p` is a non-empty Float32Array of the expected
 *   length with non-negative entries and a positive finite sum.
 */
export function probabilityMass(p: unknown, name: string, vocabSize?: number): number {
  if (!(p instanceof Float32Array && p.length > 0)) {
    invalidArgument(`${name} must be a non-empty Float32Array`);
  }
  if (vocabSize !== undefined && p.length !== vocabSize) {
    invalidArgument(`${name} must have length ${vocabSize} (the vocabulary size), got ${p.length}`);
  }
  let total = 0;
  let valid = true;
  for (let index = 0; index < p.length; index++) {
    const value = p[index] as number;
    if (!(value >= 0)) valid = false;
    total += value;
  }
  if (!(valid && total > 0 && Number.isFinite(total))) {
    invalidArgument(`${name} must be non-negative with a positive finite sum`);
  }
  return total;
}

/** Whether `weights` has any positive entry, i.e. can be passed to `sampleFromDistribution`. */
export function hasPositiveMass(weights: Float32Array): boolean {
  return weights.some((weight) => weight > 0);
}
