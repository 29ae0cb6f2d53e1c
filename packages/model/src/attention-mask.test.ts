import { describe, expect, it } from 'vitest';
import { buildAttentionMask, chainParents, treeDepths } from './attention-mask.js';

describe('buildAttentionMask', () => {
  it('lets each tree node see the past, its ancestors and itself', () => {
    const parents = [-1, 0, 0, 1];

    const mask = buildAttentionMask(2, parents, 'bool');

    expect(mask.dims).toEqual([1, 1, 4, 6]);
    expect(Array.from(mask.data as Uint8Array)).toEqual([
      1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1,
    ]);
    expect(treeDepths(parents)).toEqual([0, 1, 1, 2]);
  });

  it('is causal for a chain and uses -Infinity when additive', () => {
    const mask = buildAttentionMask(0, chainParents(3), 'additive');

    expect(Array.from(mask.data as Float32Array)).toEqual([
      0,
      -Infinity,
      -Infinity,
      0,
      0,
      -Infinity,
      0,
      0,
      0,
    ]);
  });

  it('rejects a parent that comes after its child', () => {
    expect(() => treeDepths([-1, 2, 0])).toThrow(RangeError);
  });
});
