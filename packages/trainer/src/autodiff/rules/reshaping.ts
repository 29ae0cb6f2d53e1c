import { intsAttribute } from '../../graph/node-attributes.js';
import { onlyGradient } from '../gradient-rule.js';
import type { GradientRule } from '../gradient-rule.js';

// Ops that only reinterpret the shape: the gradient is dy reshaped back.
const reshapeBack: GradientRule = (context, node, grads) => [
  context.g.op('Reshape', [onlyGradient(grads), context.shapeOf(node.inputs[0] as string)]),
];

// Expand broadcasts x: sum dy over the broadcast axes.
const expand: GradientRule = (context, node, grads) => [
  context.reduceTo(onlyGradient(grads), node.outputs[0] as string, node.inputs[0] as string),
];

// Transpose by perm: transpose dy by the inverse permutation.
const transpose: GradientRule = (context, node, grads) => {
  const rank = context.rank(node.inputs[0] as string);
  const perm =
    intsAttribute(node, 'perm') ?? Array.from({ length: rank }, (_, axis) => rank - 1 - axis);
  const inverse = Array.from({ length: rank }, (_, axis) => perm.indexOf(axis));
  return [context.g.op('Transpose', [onlyGradient(grads)], { perm: inverse })];
};

/** Rules of shape-only ops: Reshape, Flatten, Squeeze, Unsqueeze, Expand, Transpose. */
export const reshapingRules: Readonly<Record<string, GradientRule>> = {
  Reshape: reshapeBack,
  Flatten: reshapeBack,
  Squeeze: reshapeBack,
  Unsqueeze: reshapeBack,
  Expand: expand,
  Transpose: transpose,
};
