import type { TreeOptions } from '@confu/core';

/**
 * The fixed EAGLE-2 tree used when no shape is given: 5 expansion steps, top-4 per node, 16 nodes
 * with the root (EAGLE-2's own defaults, scaled to small targets). The one place that says so.
 */
export const defaultTreeOptions: TreeOptions = Object.freeze({
  depth: 5,
  topK: 4,
  totalTokens: 16,
});
