import { intAttribute, intsAttribute, normalizeAxis } from './node-attributes.js';
import type { RecordedNode } from './recorded-graph.js';

/**
 * The sorted, normalised axes a `Reduce*` node reduces over a rank-`rank` input: from its `axes`
 * input (opset ≥ 18; ReduceSum ≥ 13) or attribute; empty axes mean all axes unless
 * `noop_with_empty_axes`. `undefined` when the axes input is not a constant.
 */
export function reductionAxes(
  node: RecordedNode,
  rank: number,
  axesInput: number[] | undefined,
): number[] | undefined {
  const hasInput = (node.inputs[1] ?? '') !== '';
  if (hasInput && axesInput === undefined) return undefined;
  const axes = axesInput ?? intsAttribute(node, 'axes') ?? [];
  if (axes.length === 0) {
    if (intAttribute(node, 'noop_with_empty_axes', 0) === 1) return [];
    return Array.from({ length: rank }, (_, axis) => axis);
  }
  return [...new Set(axes.map((axis) => normalizeAxis(axis, rank)))].sort((a, b) => a - b);
}
