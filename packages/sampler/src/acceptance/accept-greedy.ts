import { assertArgument } from '@confu/errors';
import { assertAcceptanceTree, type AcceptanceTree, type AcceptResult } from './acceptance-tree.js';
import { invalidArgument } from './invalid-argument.js';
import { childLists } from './ordered-children.js';

/**
 * Greedy (temperature 0) tree acceptance, confu-spec §5.8: the longest path from the root along
 * which every node's token equals the target argmax at its parent, then the argmax at the last
 * accepted node as the bonus token. When duplicate sibling tokens both match, the longer subtree
 * wins, and on equal length the earlier node in tree order (EAGLE's first best row).
 * @param targetArgmax the argmax of the target logits at a node (the token after it); called
 *   only for nodes on matching paths, at most once per node.
 * @throws ConfuError `INVALID_ARGUMENT` if `tree` is malformed or `targetArgmax` returns something
 *   other than an integer ≥ 0.
 */
export function acceptGreedy(
  tree: AcceptanceTree,
  targetArgmax: (node: number) => number,
): AcceptResult {
  assertAcceptanceTree(tree);
  assertArgument(typeof targetArgmax === 'function', '`targetArgmax` must be a function');
  const children = childLists(tree, false);
  const argmaxCache = new Map<number, number>();
  const argmaxAt = (node: number): number => {
    let token = argmaxCache.get(node);
    if (token === undefined) {
      token = targetArgmax(node);
      if (!(Number.isInteger(token) && token >= 0)) {
        invalidArgument(
          `\`targetArgmax(${node})\` must return an integer ≥ 0, got ${String(token)}`,
        );
      }
      argmaxCache.set(node, token);
    }
    return token;
  };

  // Parents precede children, so one forward pass marks every matching node and one backward
  // pass finds, for each, the child that starts its longest matching continuation.
  const matched = new Uint8Array(tree.tokens.length);
  matched[0] = 1;
  for (let node = 1; node < tree.tokens.length; node++) {
    const parent = tree.parents[node] as number;
    matched[node] = matched[parent] === 1 && tree.tokens[node] === argmaxAt(parent) ? 1 : 0;
  }
  const height = new Int32Array(tree.tokens.length);
  const bestChild = new Int32Array(tree.tokens.length).fill(-1);
  for (let node = tree.tokens.length - 1; node >= 0; node--) {
    if (matched[node] === 0) continue;
    for (const child of children[node] as number[]) {
      // Strictly greater keeps the first child in tree order on ties.
      if (matched[child] === 1 && (height[child] as number) + 1 > (height[node] as number)) {
        height[node] = (height[child] as number) + 1;
        bestChild[node] = child;
      }
    }
  }
  const path = [0];
  for (let node = bestChild[0] as number; node !== -1; node = bestChild[node] as number) {
    path.push(node);
  }
  return { path, bonusToken: argmaxAt(path[path.length - 1] as number) };
}
