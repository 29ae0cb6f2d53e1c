import { describe, expect, it } from 'vitest';
import { chainTree } from './chain-tree.js';
import { validateDraftTree } from './validate-draft-tree.js';

describe('chainTree', () => {
  it('links each token to the previous one', () => {
    expect(chainTree(9, [4, 4, 7])).toEqual({ tokens: [9, 4, 4, 7], parents: [-1, 0, 1, 2] });
    expect(chainTree(9, [])).toEqual({ tokens: [9], parents: [-1] });
  });

  it('rejects non-token ids', () => {
    expect(() => chainTree(-1, [])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => chainTree(1, [2, 0.5])).toThrow(/tokens\[1\]/);
  });
});

describe('validateDraftTree', () => {
  it('accepts chains and trees in topological order', () => {
    expect(() => validateDraftTree(chainTree(3, [1, 2]))).not.toThrow();
    expect(() =>
      validateDraftTree(
        {
          tokens: [0, 1, 2, 3, 4, 5, 6, 7],
          parents: [-1, 0, 0, 1, 1, 2, 3, 6],
          scores: [0, -1, -2, -1, -3, -4, -2, -5],
        },
        8,
      ),
    ).not.toThrow();
  });

  it.each([
    ['an empty tree', { tokens: [], parents: [] }],
    ['a length mismatch', { tokens: [1, 2], parents: [-1] }],
    ['a root with a parent', { tokens: [1, 2], parents: [0, 0] }],
    ['a child before its parent', { tokens: [1, 2, 3], parents: [-1, 2, 0] }],
    ['a second root', { tokens: [1, 2], parents: [-1, -1] }],
    ['a negative token', { tokens: [1, -2], parents: [-1, 0] }],
    ['a token outside the vocabulary', { tokens: [1, 8], parents: [-1, 0] }],
    ['a score count mismatch', { tokens: [1, 2], parents: [-1, 0], scores: [0] }],
    ['a NaN score', { tokens: [1, 2], parents: [-1, 0], scores: [0, Number.NaN] }],
  ])('rejects %s', (_, tree) => {
    expect(() => validateDraftTree(tree, 8)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
