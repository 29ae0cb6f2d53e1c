import { intAttribute, normalizeAxis } from '../../graph/node-attributes.js';
import type { GradientRule } from '../gradient-rule.js';

// Concat along axis: split dy back into the inputs' sizes along that axis.
const concat: GradientRule = (context, node, grads, needs) => {
  const { g } = context;
  const dy = grads[0] as string;
  const axis = normalizeAxis(intAttribute(node, 'axis', 0), context.rank(node.inputs[0] as string));
  const sizes = node.inputs.map((input) => context.info(input).dims[axis]);
  const sizesTensor = sizes.every((size): size is number => typeof size === 'number')
    ? g.int64s(sizes)
    : g.op(
        'Concat',
        node.inputs.map((input) => g.op('Shape', [input], { start: axis, end: axis + 1 })),
        { axis: 0 },
      );
  const parts = g.node('Split', [dy, sizesTensor], {
    attributes: { axis },
    outputs: node.inputs.length,
  });
  return parts.map((part, index) => (needs[index] ? part : undefined));
};

// Split along axis: concatenate the outputs' gradients, zeros where an output has none.
const split: GradientRule = (context, node, grads) => {
  const axis = normalizeAxis(intAttribute(node, 'axis', 0), context.rank(node.inputs[0] as string));
  const parts = node.outputs.map((output, index) => grads[index] ?? context.zerosLike(output));
  return [context.g.op('Concat', parts, { axis })];
};

/** Rules of Concat and Split. */
export const concatSplitRules: Readonly<Record<string, GradientRule>> = {
  Concat: concat,
  Split: split,
};
