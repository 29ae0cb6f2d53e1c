import { describe, expect, it } from 'vitest';
import { caught } from '../__fixtures__/helpers.js';
import type { AcceptanceTree } from './acceptance-tree.js';
import { orderedChildren } from './ordered-children.js';

describe('orderedChildren', () => {
  it('lists children in tree order without scores', () => {
    // confu-spec §5.6 worked example.
    const tree = { tokens: [9, 1, 2, 3, 4, 5, 6, 7], parents: [-1, 0, 0, 1, 1, 2, 3, 6] };

    expect(orderedChildren(tree)).toEqual([[1, 2], [3, 4], [5], [6], [], [], [7], []]);
  });

  it('orders siblings by descending score, ties and -Infinity ties in tree order', () => {
    const tree = {
      tokens: [0, 1, 2, 3, 4, 5, 6],
      parents: [-1, 0, 0, 0, 0, 0, 0],
      scores: [0, -2, -1, -2, -Infinity, -Infinity, 0.5],
    };

    expect(orderedChildren(tree)[0]).toEqual([6, 2, 1, 3, 4, 5]);
  });

  it('keeps duplicate sibling tokens (the verifier skips them)', () => {
    expect(orderedChildren({ tokens: [0, 7, 7], parents: [-1, 0, 0] })).toEqual([[1, 2], [], []]);
  });

  it.each<[string, unknown, string]>([
    ['no tokens', { tokens: [], parents: [] }, '`tree.tokens` must contain at least the root'],
    [
      'tokens not an array',
      { tokens: 3, parents: [-1] },
      '`tree.tokens` must be an array of token ids',
    ],
    [
      'short parents',
      { tokens: [0, 1], parents: [-1] },
      '`tree.parents` must be an array of length 2 (one per token)',
    ],
    [
      'root with a parent',
      { tokens: [0, 1], parents: [0, 0] },
      '`tree.parents[0]` must be -1 (the root), got 0',
    ],
    [
      'forward parent',
      { tokens: [0, 1, 2], parents: [-1, 2, 0] },
      '`tree.parents[1]` must be an integer in [0, 1), got 2',
    ],
    [
      'self parent',
      { tokens: [0, 1], parents: [-1, 1] },
      '`tree.parents[1]` must be an integer in [0, 1), got 1',
    ],
    [
      'negative token',
      { tokens: [0, -1], parents: [-1, 0] },
      '`tree.tokens[1]` must be an integer ≥ 0, got -1',
    ],
    [
      'fractional token',
      { tokens: [0.5], parents: [-1] },
      '`tree.tokens[0]` must be an integer ≥ 0, got 0.5',
    ],
    [
      'NaN score',
      { tokens: [0, 1], parents: [-1, 0], scores: [0, Number.NaN] },
      '`tree.scores[1]` must be a number, got NaN',
    ],
    [
      'short scores',
      { tokens: [0, 1], parents: [-1, 0], scores: [0] },
      '`tree.scores` must be an array of length 2 (one per token)',
    ],
  ])('throws INVALID_ARGUMENT for %s', (_case, tree, message) => {
    expect(caught(() => orderedChildren(tree as AcceptanceTree))).toEqual({
      name: 'ConfuError',
      code: 'INVALID_ARGUMENT',
      message,
    });
  });
});
