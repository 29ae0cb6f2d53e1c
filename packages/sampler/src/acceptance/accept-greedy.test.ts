import { describe, expect, it } from 'vitest';
import { caught } from '../__fixtures__/helpers.js';
import { acceptGreedy } from './accept-greedy.js';
import type { AcceptanceTree } from './acceptance-tree.js';

/** A target whose argmax at each node is given by a table. */
function argmaxTable(table: Record<number, number>) {
  const calls: number[] = [];
  const argmax = (node: number): number => {
    calls.push(node);
    const token = table[node];
    if (token === undefined) throw new Error(`argmax asked for node ${node}`);
    return token;
  };
  return { argmax, calls };
}

describe('acceptGreedy', () => {
  // confu-spec §5.6: parents [-1, 0, 0, 1, 1, 2, 3, 6]; leaves 4, 5, 7.
  const tree: AcceptanceTree = {
    tokens: [50, 10, 11, 20, 21, 22, 30, 40],
    parents: [-1, 0, 0, 1, 1, 2, 3, 6],
  };

  it('follows the longest matching path and takes the bonus at its end', () => {
    const { argmax } = argmaxTable({ 0: 10, 1: 20, 3: 30, 6: 40, 7: 99 });

    expect(acceptGreedy(tree, argmax)).toEqual({ path: [0, 1, 3, 6, 7], bonusToken: 99 });
  });

  it('stops at the first mismatch with the target argmax there as the bonus', () => {
    const { argmax } = argmaxTable({ 0: 11, 2: 23 });

    expect(acceptGreedy(tree, argmax)).toEqual({ path: [0, 2], bonusToken: 23 });
  });

  it('accepts nothing when no root child matches', () => {
    const { argmax, calls } = argmaxTable({ 0: 12 });

    expect(acceptGreedy(tree, argmax)).toEqual({ path: [0], bonusToken: 12 });
    expect(calls).toEqual([0]);
  });

  it('asks for the argmax only on matching nodes, once each', () => {
    const { argmax, calls } = argmaxTable({ 0: 10, 1: 21, 4: 7 });

    expect(acceptGreedy(tree, argmax)).toEqual({ path: [0, 1, 4], bonusToken: 7 });
    expect([...calls].sort()).toEqual([0, 1, 4]);
  });

  it('among duplicate matching siblings takes the longer continuation', () => {
    // Nodes 1 and 2 both carry token 5; only node 2's child matches.
    const duplicates = { tokens: [0, 5, 5, 6, 7], parents: [-1, 0, 0, 1, 2] };
    const { argmax } = argmaxTable({ 0: 5, 1: 8, 2: 7, 4: 3 });

    expect(acceptGreedy(duplicates, argmax)).toEqual({ path: [0, 2, 4], bonusToken: 3 });
  });

  it('among equally long duplicate paths takes the first in tree order', () => {
    const duplicates = { tokens: [0, 5, 5, 6, 6], parents: [-1, 0, 0, 2, 1] };
    const { argmax } = argmaxTable({ 0: 5, 1: 6, 2: 6, 3: 1, 4: 2 });

    expect(acceptGreedy(duplicates, argmax)).toEqual({ path: [0, 1, 4], bonusToken: 2 });
  });

  it('accepts a lone root (an empty draft)', () => {
    expect(acceptGreedy({ tokens: [4], parents: [-1] }, () => 2)).toEqual({
      path: [0],
      bonusToken: 2,
    });
  });

  it.each([[-1], [1.5], [Number.NaN], ['3']])(
    'throws INVALID_ARGUMENT when targetArgmax returns %j',
    (token) => {
      expect(caught(() => acceptGreedy(tree, () => token as number))).toEqual({
        name: 'ConfuError',
        code: 'INVALID_ARGUMENT',
        message: `\`targetArgmax(0)\` must return an integer ≥ 0, got ${String(token)}`,
      });
    },
  );

  it('throws INVALID_ARGUMENT for a malformed tree or a missing callback', () => {
    expect(caught(() => acceptGreedy({ tokens: [0, 1], parents: [-1, 3] }, () => 0)).message).toBe(
      '`tree.parents[1]` must be an integer in [0, 1), got 3',
    );
    expect(caught(() => acceptGreedy(tree, undefined as never)).message).toBe(
      '`targetArgmax` must be a function',
    );
  });
});
