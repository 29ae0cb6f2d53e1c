import type { DraftTree } from '@confu/core';

/** Limits of {@link treeFromContinuations}. */
export interface ContinuationTrieLimits {
  /** Most continuations that may add nodes (distinct branches). */
  readonly maxBranches: number;
  /** Most draft nodes, root excluded. */
  readonly maxNodes: number;
}

/**
 * Merges ranked continuations into a prefix tree under `root`: shared prefixes share nodes, and a
 * continuation that adds no node (a repeat) does not count as a branch. Nodes are numbered in
 * insertion order, so parents precede children and siblings keep the continuations' rank.
 */
export function treeFromContinuations(
  root: number,
  continuations: Iterable<readonly number[]>,
  limits: ContinuationTrieLimits,
): DraftTree {
  const tokens = [root];
  const parents = [-1];
  const children: Map<number, number>[] = [new Map()];
  let branches = 0;
  for (const continuation of continuations) {
    if (branches >= limits.maxBranches || tokens.length > limits.maxNodes) break;
    let node = 0;
    let added = false;
    for (const token of continuation) {
      const existing = children[node]?.get(token);
      if (existing !== undefined) {
        node = existing;
        continue;
      }
      if (tokens.length > limits.maxNodes) break;
      const child = tokens.length;
      tokens.push(token);
      parents.push(node);
      children.push(new Map());
      children[node]?.set(token, child);
      node = child;
      added = true;
    }
    if (added) branches++;
  }
  return { tokens, parents };
}
