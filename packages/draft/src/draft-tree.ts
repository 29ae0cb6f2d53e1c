/**
 * Candidate continuations proposed by a drafter. Node 0 is the root: the last token the target
 * sampled, which is not yet in the target KV cache. Every other node is a candidate token whose
 * parent comes before it (topological order), so `parents[0] === -1` and `parents[i] < i`.
 * A chain is the tree with `parents = [-1, 0, 1, ...]`.
 */
export interface DraftTree {
  /** Token ids, `tokens[0]` = the root. */
  readonly tokens: readonly number[];
  readonly parents: readonly number[];
  /**
   * Draft confidence per node (cumulative log-probability; root 0), used to order siblings for
   * stochastic verification (highest first). Optional: tree order is used without it.
   */
  readonly scores?: readonly number[];
}

/** Shape of an EAGLE-2 dynamic tree (confu-spec.md §5.1). */
export interface TreeOptions {
  /** Expansion steps after the first draft step; the deepest node is at depth `depth + 1`. */
  readonly depth: number;
  /** Children per expanded node, and nodes expanded per depth. */
  readonly topK: number;
  /** Nodes in the tree, root included (EAGLE `total_token`). */
  readonly totalTokens: number;
}
