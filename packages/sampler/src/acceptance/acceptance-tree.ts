import { assertArgument } from '@confu/errors';

/**
 * A draft tree to verify. Node 0 is the root: the last emitted token, whose target distribution
 * gives the first draft position. Every other node is a candidate token whose parent precedes it,
 * so `parents[0] === -1` and `0 ≤ parents[i] < i`. A chain is `parents = [-1, 0, 1, ...]`.
 * Structurally identical to `DraftTree` from `@confu/draft`.
 */
export interface AcceptanceTree {
  /** Token ids; `tokens[0]` is the root. */
  readonly tokens: readonly number[];
  /** Parent index per node; `-1` for the root. */
  readonly parents: readonly number[];
  /** Draft confidence per node (higher is tried first among siblings); tree order without it. */
  readonly scores?: readonly number[] | undefined;
}

/** What a tree verification accepted. */
export interface AcceptResult {
  /** Accepted node indices, root first (`[0]` when no draft token was accepted). */
  readonly path: number[];
  /** The token the target contributes after the path (the next round's root). */
  readonly bonusToken: number;
}

/**
 * Checks the shape of `tree`: matching lengths, token ids that are integers ≥ 0, a topological
 * parent order and scores that are numbers (±Infinity allowed, NaN not).
 * @throws ConfuError `INVALID_ARGUMENT` naming the first offending field.
 */
export function assertAcceptanceTree(tree: AcceptanceTree): void {
  assertArgument(
    typeof tree === 'object' && tree !== null && Array.isArray(tree.tokens),
    '`tree.tokens` must be an array of token ids',
  );
  const { tokens, parents, scores } = tree;
  assertArgument(tokens.length > 0, '`tree.tokens` must contain at least the root');
  assertArgument(
    Array.isArray(parents) && parents.length === tokens.length,
    `\`tree.parents\` must be an array of length ${tokens.length} (one per token)`,
  );
  assertArgument(parents[0] === -1, `\`tree.parents[0]\` must be -1 (the root), got ${parents[0]}`);
  for (let node = 0; node < tokens.length; node++) {
    const token = tokens[node];
    assertArgument(
      Number.isInteger(token) && (token as number) >= 0,
      `\`tree.tokens[${node}]\` must be an integer ≥ 0, got ${String(token)}`,
    );
    const parent = parents[node] as number;
    assertArgument(
      node === 0 || (Number.isInteger(parent) && parent >= 0 && parent < node),
      `\`tree.parents[${node}]\` must be an integer in [0, ${node}), got ${String(parent)}`,
    );
  }
  if (scores === undefined) return;
  assertArgument(
    Array.isArray(scores) && scores.length === tokens.length,
    `\`tree.scores\` must be an array of length ${tokens.length} (one per token)`,
  );
  scores.forEach((score, node) =>
    assertArgument(
      typeof score === 'number' && !Number.isNaN(score),
      `\`tree.scores[${node}]\` must be a number, got ${String(score)}`,
    ),
  );
}
