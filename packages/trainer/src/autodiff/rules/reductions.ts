import { onnxDataTypeCode } from '@confu/onnx';
import { ConfuError } from '@confu/errors';
import { intAttribute } from '../../graph/node-attributes.js';
import type { RecordedNode } from '../../graph/recorded-graph.js';
import { reductionAxes } from '../../graph/reduction-axes.js';
import { onlyGradient } from '../gradient-rule.js';
import type { GradientContext, GradientRule } from '../gradient-rule.js';

/** dy broadcast back over the reduced axes to x's shape. */
function spread(
  context: GradientContext,
  node: RecordedNode,
  dy: string,
): { grad: string; axes: number[] } {
  const { g } = context;
  const x = node.inputs[0] as string;
  const axes = reductionAxes(
    node,
    context.rank(x),
    node.inputs[1] ? context.ints(node.inputs[1]) : undefined,
  );
  if (!axes) {
    throw new ConfuError('UNSUPPORTED', `node \`${node.name}\`: reduction axes must be constants`);
  }
  const kept = intAttribute(node, 'keepdims', 1) === 1 || axes.length === 0;
  const unreduced = kept ? dy : g.op('Unsqueeze', [dy, g.int64s(axes)]);
  return { grad: g.op('Expand', [unreduced, context.shapeOf(x)]), axes };
}

/** How many elements each output of a ReduceMean averages. */
function count(context: GradientContext, node: RecordedNode, axes: readonly number[]): string {
  const { g } = context;
  const [x] = node.inputs as [string];
  const dims = axes.map((axis) => context.info(x).dims[axis]);
  if (dims.every((dim): dim is number => typeof dim === 'number')) {
    return g.scalar(dims.reduce((product, dim) => product * dim, 1));
  }
  const to = onnxDataTypeCode(context.info(x).dtype);
  const size = (name: string): string => g.op('Cast', [g.op('Size', [name])], { to });
  return g.op('Div', [size(x), size(node.outputs[0] as string)]);
}

const reduceSum: GradientRule = (context, node, grads) => [
  spread(context, node, onlyGradient(grads)).grad,
];

const reduceMean: GradientRule = (context, node, grads) => {
  const { grad, axes } = spread(context, node, onlyGradient(grads));
  return [context.g.op('Div', [grad, count(context, node, axes)])];
};

// d Σx² = 2x · dy
const reduceSumSquare: GradientRule = (context, node, grads) => {
  const { g } = context;
  const { grad } = spread(context, node, onlyGradient(grads));
  return [g.op('Mul', [grad, g.op('Mul', [node.inputs[0] as string, g.scalar(2)])])];
};

/** Rules of ReduceSum, ReduceMean and ReduceSumSquare (constant axes, any keepdims). */
export const reductionRules: Readonly<Record<string, GradientRule>> = {
  ReduceSum: reduceSum,
  ReduceMean: reduceMean,
  ReduceSumSquare: reduceSumSquare,
};
