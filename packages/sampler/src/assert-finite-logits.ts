import { ConfuError, assertArgument } from '@confu/errors';

/**
 * Checks that `logits` can be turned into a distribution: no NaN, no +Infinity, and at least one
 * finite value. -Infinity is allowed: it is how masked or filtered tokens are written.
 * @throws ConfuError `NUMERIC_ERROR` on NaN, +Infinity or when every logit is -Infinity;
 *   `INVALID_ARGUMENT` if `logits` is empty.
 */
export function assertFiniteLogits(logits: Float32Array): void {
  assertArgument(logits.length > 0, '`logits` must not be empty');
  let anyFinite = false;
  for (let index = 0; index < logits.length; index++) {
    const value = logits[index] as number;
    if (Number.isNaN(value) || value === Infinity) {
      throw new ConfuError(
        'NUMERIC_ERROR',
        `logit ${index} is ${String(value)}; the model produced invalid numbers`,
      );
    }
    if (value !== -Infinity) anyFinite = true;
  }
  if (!anyFinite) {
    throw new ConfuError('NUMERIC_ERROR', 'every logit is -Infinity; no token can be sampled');
  }
}
