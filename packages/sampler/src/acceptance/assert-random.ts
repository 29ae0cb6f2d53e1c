import { assertArgument } from '@confu/errors';
import type { RandomSource } from '../random-source.js';

/** Rejects a `random` without `next()` up front rather than halfway through a verification. */
export function assertRandom(random: RandomSource): void {
  assertArgument(
    typeof (random as Partial<RandomSource> | null)?.next === 'function',
    '`random` must be an object with a `next()` method',
  );
}
