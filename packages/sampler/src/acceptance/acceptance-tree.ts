import { assertArgument } from '@confu/errors';
import { invalidArgument } from './invalid-argument.js';

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
  const size = tokens.length;
  assertArgument(size > 0, '`tree.tokens` must contain at least the root');
  assertArgument(
    Array.isArray(parents) && parents.length === size,
    `\`tree.parents\` must be an array of length ${size} (one per token)`,
  );
  assertArgument(
    scores === undefined || (Array.isArray(scores) && scores.length === size),
    `\`tree.scores\` must be an array of length ${size} (one per token)`,
  );
  for (let node = 0; node < size; node++) {
    const token = tokens[node] as number;
    if (!(Number.isInteger(token) && token >= 0)) {
      invalidArgument(`\`tree.tokens[${node}]\` must be an integer ≥ 0, got ${String(token)}`);
    }
    const parent = parents[node] as number;
    if (node === 0 && parent !== -1) {
      invalidArgument(`\`tree.parents[0]\` must be -1 (the root), got ${String(parent)}`);
    }
    if (node > 0 && !(Number.isInteger(parent) && parent >= 0 && parent < node)) {
      invalidArgument(
        `\`tree.parents[${node}]\` must be an integer in [0, ${node}), got ${String(parent)}`,
      );
    }
    const score = scores?.[node];
    if (scores !== undefined && !(typeof score === 'number' && !Number.isNaN(score))) {
      invalidArgument(`\`tree.scores[${node}]\` must be a number, got ${String(score)}`);
    }
  }
}
