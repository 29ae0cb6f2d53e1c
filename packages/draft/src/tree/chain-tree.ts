import { assertArgument } from '@confu/errors';
import type { DraftTree } from '@confu/core';

/** The chain `root → tokens[0] → tokens[1] → …` as a {@link DraftTree}. */
export function chainTree(root: number, tokens: readonly number[]): DraftTree {
  for (const [index, token] of [root, ...tokens].entries()) {
    assertArgument(
      Number.isInteger(token) && token >= 0,
      `${index === 0 ? '`root`' : `\`tokens[${index - 1}]\``} must be a token id, got ${token}`,
    );
  }
  return {
    tokens: [root, ...tokens],
    parents: Array.from({ length: tokens.length + 1 }, (_, index) => index - 1),
  };
}
