import { assertArgument } from '@confu/errors';
import type { TreeOptions } from '@confu/core';

/** Largest useful `totalTokens` for a shape: the root plus `topK + depth·topK²` candidates. */
export function maxTreeTokens(depth: number, topK: number): number {
  return 1 + topK + depth * topK * topK;
}

/** How each field is called in error messages (a flag, an option path). */
export interface TreeOptionNames {
  readonly depth: string;
  readonly topK: string;
  readonly totalTokens: string;
}

/**
 * Throws `INVALID_ARGUMENT` naming the offending field unless `depth ≥ 1`, `topK ≥ 1` and
 * `2 ≤ totalTokens ≤ 1 + topK + depth·topK²`, all integers.
 */
export function assertTreeOptions(options: TreeOptions, names: TreeOptionNames): void {
  const { depth, topK, totalTokens } = options;
  assertArgument(
    Number.isInteger(depth) && depth >= 1,
    `${names.depth} must be an integer ≥ 1, got ${depth}`,
  );
  assertArgument(
    Number.isInteger(topK) && topK >= 1,
    `${names.topK} must be an integer ≥ 1, got ${topK}`,
  );
  const max = maxTreeTokens(depth, topK);
  assertArgument(
    Number.isInteger(totalTokens) && totalTokens >= 2 && totalTokens <= max,
    `${names.totalTokens} must be an integer in [2, ${max}] (1 + topK + depth·topK²), got ${totalTokens}`,
  );
}
