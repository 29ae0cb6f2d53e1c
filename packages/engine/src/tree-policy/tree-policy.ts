import type { DraftTree, TreeOptions } from '@confu/core';

/** What a round did, for {@link TreePolicy.update}. */
export interface RoundOutcome {
  /** The verified tree (after {@link TreePolicy.select}). */
  readonly tree: DraftTree;
  /** Accepted nodes, root first. */
  readonly path: readonly number[];
  /** Extra target rows the drafter's plan added to the pass. */
  readonly planRows: number;
  /** Wall time of drafting (head steps and tree search) and of the target pass. */
  readonly draftMs: number;
  readonly verifyMs: number;
  /** Everything else of the round: catch-up, acceptance, commit, host code. */
  readonly otherMs: number;
}

/**
 * Chooses each round's tree: the shape to draft ({@link next}), then which drafted nodes to
 * verify ({@link select}), learning from every round ({@link update}).
 */
export interface TreePolicy {
  /** Tree options for the next draft; `undefined` keeps the drafter's own. */
  next(): TreeOptions | undefined;
  /** The nodes of `drafted` to verify: a subtree closed under parents, in the same order. */
  select(drafted: DraftTree): DraftTree;
  update(outcome: RoundOutcome): void;
}

/** The drafter's tree, or `tree` every round, verified whole. */
export function fixedTreePolicy(tree?: TreeOptions): TreePolicy {
  return {
    next: () => tree,
    select: (drafted) => drafted,
    update: () => {},
  };
}
