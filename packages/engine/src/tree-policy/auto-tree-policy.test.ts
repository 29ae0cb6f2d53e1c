import type { DraftTree } from '@confu/core';
import { describe, expect, it } from 'vitest';
import { autoTreePolicy } from './auto-tree-policy.js';
import { verifyCostCurve } from './verify-cost.js';

/** A complete binary tree of `depth` levels below the root whose every child has probability p. */
function binaryTree(levels: number, p: number): DraftTree {
  const tokens = [0];
  const parents = [-1];
  const scores = [0];
  let frontier = [0];
  for (let level = 1; level <= levels; level++) {
    const next: number[] = [];
    for (const parent of frontier) {
      for (let child = 0; child < 2; child++) {
        next.push(tokens.length);
        tokens.push(tokens.length);
        parents.push(parent);
        scores.push((scores[parent] as number) + Math.log(child === 0 ? p : p / 4));
      }
    }
    frontier = next;
  }
  return { tokens, parents, scores };
}

function closedUnderParents(tree: DraftTree): boolean {
  return tree.parents.every((parent, node) => (node === 0 ? parent === -1 : parent < node));
}

describe('verifyCostCurve', () => {
  it('interpolates between measured widths and extrapolates linearly', () => {
    const curve = verifyCostCurve([1, 4, 8], [10, 13, 21]);
    expect(curve.at(1)).toBe(10);
    expect(curve.at(2)).toBe(11);
    expect(curve.at(6)).toBe(17);
    expect(curve.at(12)).toBe(29);
  });
});

describe('autoTreePolicy', () => {
  const pool = binaryTree(4, 0.9);

  it('verifies more nodes when a wide pass costs little, fewer when it is dear', () => {
    const cheap = autoTreePolicy({ verifyMs: (rows) => 10 + 0.05 * rows });
    const dear = autoTreePolicy({ verifyMs: (rows) => 10 + 3 * rows });
    const wide = cheap.select(pool);
    const narrow = dear.select(pool);
    expect(wide.tokens.length).toBeGreaterThan(narrow.tokens.length);
    expect(narrow.tokens.length).toBeGreaterThan(1);
    for (const tree of [wide, narrow]) {
      expect(closedUnderParents(tree)).toBe(true);
      // The best-scored child of the root is always kept.
      expect(tree.tokens[1]).toBe(1);
    }
  });

  it('keeps drafters without scores on their own shape', () => {
    const policy = autoTreePolicy({ verifyMs: () => 10 });
    const unscored = { tokens: [5, 6, 7], parents: [-1, 0, 1] };
    expect(policy.next()).toBeDefined();
    expect(policy.select(unscored)).toBe(unscored);
    expect(policy.next()).toBeUndefined();
  });

  it('deepens when deep drafts keep being accepted and drafting is cheap', () => {
    const policy = autoTreePolicy({ verifyMs: () => 10, initialDepth: 2 });
    const start = policy.state().depth;
    for (let round = 0; round < 40; round++) {
      const { depth } = policy.next() ?? { depth: 0 };
      const tree = policy.select(binaryTree(depth + 1, 0.95));
      // The first child all the way down is accepted.
      const path = [0];
      for (let node = 1; node < tree.tokens.length; node++) {
        if (
          tree.parents[node] === path.at(-1) &&
          tree.scores?.[node] === Math.log(0.95) * path.length
        )
          path.push(node);
      }
      policy.update({
        tree,
        path,
        planRows: 0,
        draftMs: 0.2 * (depth + 1),
        verifyMs: 10,
        otherMs: 1,
      });
    }
    expect(policy.state().depth).toBeGreaterThan(start);
    expect(policy.state().meanNodes).toBeGreaterThan(2);
  });

  it('gets shallower when drafting is dear and deep drafts are rejected', () => {
    const policy = autoTreePolicy({ verifyMs: () => 10, initialDepth: 5 });
    for (let round = 0; round < 40; round++) {
      const { depth } = policy.next() ?? { depth: 0 };
      const tree = policy.select(binaryTree(depth + 1, 0.5));
      policy.update({
        tree,
        path: [0],
        planRows: 0,
        draftMs: 4 * (depth + 1),
        verifyMs: 10,
        otherMs: 1,
      });
    }
    expect(policy.state().depth).toBeLessThan(5);
  });
});
