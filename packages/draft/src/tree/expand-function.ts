/** Candidate id of the root in {@link FrontierNode}s (candidates are numbered from 0). */
export const ROOT_ID = -1;

/** A node of the growing tree whose children {@link buildDynamicTree} asks for. */
export interface FrontierNode {
  /**
   * Candidate id: creation order, so a parent's id is always smaller than its children's. The root
   * is {@link ROOT_ID}.
   */
  readonly id: number;
  readonly token: number;
  /** Candidate id of the parent; {@link ROOT_ID} for the root's children and for the root itself. */
  readonly parentId: number;
  /** 0 for the root, 1 for its children, … */
  readonly depth: number;
}

/** The top-k children of one frontier node, in any order. */
export interface ChildCandidates {
  readonly tokens: readonly number[];
  /** Log-probabilities of `tokens` under the drafter (same length). */
  readonly logProbs: readonly number[];
}

/**
 * Proposes children for every frontier node: result `i` belongs to `frontier[i]`. Frontier nodes
 * arrive in ascending id order, so every node's ancestors were in an earlier frontier.
 */
export type ExpandFunction = (
  frontier: readonly FrontierNode[],
) => Promise<readonly ChildCandidates[]>;
