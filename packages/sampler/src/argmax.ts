import { assertArgument } from '@confu/errors';

/**
 * Index of the largest value; the first one wins on ties. NaN is not checked here (it is skipped
 * unless it comes first), so validate logits with {@link assertFiniteLogits} beforehand.
 * @throws ConfuError `INVALID_ARGUMENT` if `values` is empty.
 */
export function argmax(values: Float32Array): number {
  assertArgument(values.length > 0, '`values` must not be empty');
  let best = 0;
  let bestValue = values[0] as number;
  for (let index = 1; index < values.length; index++) {
    const value = values[index] as number;
    if (value > bestValue) {
      best = index;
      bestValue = value;
    }
  }
  return best;
}
