import type { ParentList, Tensor } from '@confu/core';
import { createTensor } from '@confu/runtime';

/** The parent list of a plain chain of `count` tokens. */
export function chainParents(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index - 1);
}

/** Depth of each node (root = 0), from a topologically ordered parent list. */
export function treeDepths(parents: ParentList): number[] {
  const depths: number[] = [];
  parents.forEach((parent, index) => {
    if (parent >= index)
      throw new RangeError(`parent ${parent} of node ${index} must come before it`);
    depths.push(parent < 0 ? 0 : (depths[parent] as number) + 1);
  });
  return depths;
}

/**
 * The `[1, 1, S, P + S]` attention mask: every new token sees the `past` committed rows, its
 * ancestors among the new tokens and itself. The first `hiddenRows` past rows (a drafter's prefix
 * at the front of the cache) are hidden. Additive masks use 0 / -Infinity, bool masks 1 / 0.
 */
export function buildAttentionMask(
  past: number,
  parents: ParentList,
  maskType: 'additive' | 'bool',
  hiddenRows = 0,
): Tensor {
  const count = parents.length;
  const width = past + count;
  const visible = new Uint8Array(count * width);
  for (let row = 0; row < count; row++) {
    const offset = row * width;
    visible.fill(1, offset + hiddenRows, offset + past);
    for (let node = row; node >= 0; node = parents[node] as number)
      visible[offset + past + node] = 1;
  }
  return visibilityMask(visible, count, width, maskType);
}

/**
 * A `[rows, width]` visibility matrix (1 = attend) as the graph's `[1, 1, rows, width]`
 * `attention_mask`: bool 1 / 0, or additive 0 / -Infinity.
 */
export function visibilityMask(
  visibility: Uint8Array,
  rows: number,
  width: number,
  maskType: 'additive' | 'bool',
): Tensor {
  const dims = [1, 1, rows, width];
  if (maskType === 'bool') return createTensor('bool', visibility, dims);
  const additive = new Float32Array(visibility.length);
  for (let index = 0; index < visibility.length; index++) {
    additive[index] = visibility[index] ? 0 : -Infinity;
  }
  return createTensor('float32', additive, dims);
}
