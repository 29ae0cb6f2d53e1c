import { assertArgument } from '@confu/errors';
import type { DraftTree } from '@confu/core';

/**
 * Checks the {@link DraftTree} invariants: a root, token ids (below `vocabSize` when given),
 * `parents[0] === -1` and `0 ≤ parents[i] < i`, and scores (when present) one per node.
 * @throws ConfuError `INVALID_ARGUMENT` describing the first violation.
 */
export function validateDraftTree(tree: DraftTree, vocabSize?: number): void {
  const { tokens, parents, scores } = tree;
  assertArgument(tokens.length >= 1, 'a draft tree needs at least its root');
  assertArgument(
    parents.length === tokens.length,
    `draft tree has ${tokens.length} tokens but ${parents.length} parents`,
  );
  const limit = vocabSize ?? Number.POSITIVE_INFINITY;
  tokens.forEach((token, index) => {
    assertArgument(
      Number.isInteger(token) && token >= 0 && token < limit,
      `draft tree token ${index} is ${token}, not a token id${vocabSize === undefined ? '' : ` below ${vocabSize}`}`,
    );
    const parent = parents[index] as number;
    const valid =
      index === 0 ? parent === -1 : Number.isInteger(parent) && parent >= 0 && parent < index;
    assertArgument(
      valid,
      `draft tree node ${index} has parent ${parent}; the root's must be -1, every other node's an earlier node`,
    );
  });
  if (scores !== undefined) {
    assertArgument(
      scores.length === tokens.length,
      `draft tree has ${tokens.length} tokens but ${scores.length} scores`,
    );
    assertArgument(
      scores.every((score) => !Number.isNaN(score)),
      'draft tree scores must not be NaN',
    );
  }
}
