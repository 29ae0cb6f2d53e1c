import { assertAcceptanceTree, type AcceptanceTree } from './acceptance-tree.js';

/**
 * The children of every node in the order a stochastic verifier tries them: descending
 * `tree.scores`, ties (and every node when `scores` is absent) in tree order. Duplicate sibling
 * tokens are kept; the verifier skips them.
 * @returns `children[node]`, one array of node indices per node (empty for leaves).
 * @throws ConfuError `INVALID_ARGUMENT` if `tree` is malformed.
 */
export function orderedChildren(tree: AcceptanceTree): number[][] {
  assertAcceptanceTree(tree);
  return childLists(tree, true);
}

/** Child lists of an already validated tree, in tree order or by descending score. */
export function childLists(tree: AcceptanceTree, byScore: boolean): number[][] {
  const children: number[][] = tree.tokens.map(() => []);
  for (let node = 1; node < tree.parents.length; node++) {
    children[tree.parents[node] as number]?.push(node);
  }
  const { scores } = tree;
  if (!byScore || scores === undefined) return children;
  // Array.prototype.sort is stable; equal scores (-Infinity included) compare as 0.
  const byDescendingScore = (a: number, b: number): number => {
    const scoreA = scores[a] as number;
    const scoreB = scores[b] as number;
    return scoreA === scoreB ? 0 : scoreB - scoreA;
  };
  for (const list of children) if (list.length > 1) list.sort(byDescendingScore);
  return children;
}
