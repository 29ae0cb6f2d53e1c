import { describe, expect, it } from 'vitest';
import type { TreeOptions } from '@confu/core';
import { assertTreeOptions, maxTreeTokens } from './tree-options.js';

/** Validates flags as a CLI would (`--depth`, `--top-k`, `--total-tokens`, as in EAGLE's scripts). */
function treeOptionsFromFlags(depth: number, topK: number, totalTokens: number): TreeOptions {
  const options = { depth, topK, totalTokens };
  assertTreeOptions(options, { depth: '--depth', topK: '--top-k', totalTokens: '--total-tokens' });
  return options;
}

describe('assertTreeOptions', () => {
  it('accepts the EAGLE evaluation defaults and the extremes of totalTokens', () => {
    expect(treeOptionsFromFlags(5, 10, 60)).toEqual({ depth: 5, topK: 10, totalTokens: 60 });
    expect(treeOptionsFromFlags(1, 1, 2)).toEqual({ depth: 1, topK: 1, totalTokens: 2 });
    expect(maxTreeTokens(2, 3)).toBe(1 + 3 + 2 * 9);
    expect(treeOptionsFromFlags(2, 3, 22).totalTokens).toBe(22);
  });

  it.each([
    [0, 10, 60, '--depth'],
    [2.5, 10, 60, '--depth'],
    [5, 0, 60, '--top-k'],
    [5, Number.NaN, 60, '--top-k'],
    [5, 10, 1, '--total-tokens'],
    [2, 3, 23, '--total-tokens'],
    [5, 10, 40.5, '--total-tokens'],
  ])('rejects depth %s, topK %s, totalTokens %s naming %s', (depth, topK, totalTokens, flag) => {
    expect(() => treeOptionsFromFlags(depth, topK, totalTokens)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(flag) }),
    );
  });
});
