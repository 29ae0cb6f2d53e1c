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
  const score = (node: number): number => scores[node] as number;
  // Array.prototype.sort is stable, and ties compare equal (also -Infinity vs -Infinity).
  for (const list of children) list.sort((a, b) => (score(a) === score(b) ? 0 : score(b) - score(a)));
  return children;
}
