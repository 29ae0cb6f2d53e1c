import { assertArgument } from '@confu/errors';
import type { RandomSource } from './random-source.js';

/**
 * Draws one index from `probabilities` by inverse CDF, consuming exactly one `random.next()`.
 * The weights need not be normalised (they are scaled by their float64 sum, so rounding never
 * pushes the draw past the end), and a zero-weight index is never returned.
 * @throws ConfuError `INVALID_ARGUMENT` if a weight is negative or NaN, or the weights do not
 *   have a positive finite sum.
 */
export function sampleFromDistribution(probabilities: Float32Array, random: RandomSource): number {
  let total = 0;
  let valid = true;
  for (let index = 0; index < probabilities.length; index++) {
    const p = probabilities[index] as number;
    if (!(p >= 0)) valid = false;
    total += p;
  }
  assertArgument(
    valid && total > 0 && Number.isFinite(total),
    '`probabilities` must be non-negative with a positive finite sum',
  );
  const target = random.next() * total;
  let cumulative = 0;
  let lastPositive = 0;
  for (let index = 0; index < probabilities.length; index++) {
    const p = probabilities[index] as number;
    if (p === 0) continue;
    cumulative += p;
    lastPositive = index;
    // cumulative only grows at positive weights, so the first index past target has one.
    if (cumulative > target) return index;
  }
  return lastPositive;
}
