import { ConfuError, assertArgument } from '@confu/errors';
import type { DraftTree, TreeOptions } from '@confu/core';
import { ROOT_ID } from './expand-function.js';
import type { ExpandFunction, FrontierNode } from './expand-function.js';
import { bestChildren, topByScore } from './rank-candidates.js';
import { assertTreeOptions } from './tree-options.js';

/** A recorded candidate; `id` is its index in the pool. */
interface Candidate extends FrontierNode {
  /** Cumulative log-probability of the path root → this node. */
  readonly score: number;
}

/**
 * Grows an EAGLE-2 dynamic draft tree (confu-spec.md §5.4–§5.5): expand the root into its `topK`
 * children (score = log-probability); then `depth` times expand the `topK` best candidates of the
 * last layer (global top-k of its ≤ k² candidates), children scoring `parent score + logProb`;
 * finally keep the `totalTokens − 1` best candidates of the whole pool, in creation order (parents
 * before children), after the root.
 *
 * Candidates scoring −∞ (NaN log-probabilities count as −∞) are never expanded nor kept, so the
 * tree may be smaller than `totalTokens`; expansion stops early when a frontier is empty.
 * @throws ConfuError `INVALID_ARGUMENT` for invalid options or an expand result of the wrong shape.
 */
export async function buildDynamicTree(
  root: number,
  options: TreeOptions,
  expand: ExpandFunction,
): Promise<DraftTree> {
  assertArgument(Number.isInteger(root) && root >= 0, `\`root\` must be a token id, got ${root}`);
  assertTreeOptions(options, {
    depth: '`depth`',
    topK: '`topK`',
    totalTokens: '`totalTokens`',
  });
  const { depth, topK, totalTokens } = options;
  const pool: Candidate[] = [];
  let frontier: readonly Candidate[] = [
    { id: ROOT_ID, token: root, parentId: ROOT_ID, depth: 0, score: 0 },
  ];
  // One step for the root's children, then `depth` expansions of the best candidates.
  for (let step = 0; step <= depth && frontier.length > 0; step++) {
    const results = await expand(
      frontier.map(({ id, token, parentId, depth: nodeDepth }) => ({
        id,
        token,
        parentId,
        depth: nodeDepth,
      })),
    );
    if (results.length !== frontier.length) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `expand() returned ${results.length} results for ${frontier.length} frontier nodes`,
      );
    }
    const layer: Candidate[] = [];
    frontier.forEach((node, index) => {
      for (const { token, logProb } of bestChildren(results[index], topK)) {
        const child = {
          id: pool.length,
          token,
          parentId: node.id,
          depth: node.depth + 1,
          score: node.score + logProb,
        };
        pool.push(child);
        layer.push(child);
      }
    });
    frontier = step < depth ? topByScore(layer, topK) : [];
  }
  return assembleTree(root, pool, totalTokens - 1);
}

/**
 * Keeps the `count` best candidates sorted by id. Log-probabilities are ≤ 0 and ties go to the
 * smaller id, so a parent always ranks above its child and the selection is closed under parents.
 */
function assembleTree(root: number, pool: readonly Candidate[], count: number): DraftTree {
  const selected = topByScore(pool, count).sort((a, b) => a.id - b.id);
  const indexOf = new Map<number, number>([[ROOT_ID, 0]]);
  const tokens = [root];
  const parents = [-1];
  const scores = [0];
  for (const candidate of selected) {
    const parent = indexOf.get(candidate.parentId);
    // Unreachable (see above); kept so a broken invariant fails loudly rather than mis-parenting.
    if (parent === undefined) {
      throw new ConfuError('NUMERIC_ERROR', `draft candidate ${candidate.id} lost its parent`);
    }
    indexOf.set(candidate.id, tokens.length);
    tokens.push(candidate.token);
    parents.push(parent);
    scores.push(candidate.score);
  }
  return { tokens, parents, scores };
}
