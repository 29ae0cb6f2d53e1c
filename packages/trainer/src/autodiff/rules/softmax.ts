import { intAttribute, normalizeAxis } from '../../graph/node-attributes.js';
import { onlyGradient } from '../gradient-rule.js';
import type { GradientRule } from '../gradient-rule.js';

function axisOf(context: Parameters<GradientRule>[0], node: Parameters<GradientRule>[1]): string {
  const rank = context.rank(node.inputs[0] as string);
  return context.g.int64s([normalizeAxis(intAttribute(node, 'axis', -1), rank)]);
}

// dx = y ⊙ (dy − Σ_axis dy ⊙ y)
const softmax: GradientRule = (context, node, grads) => {
  const { g } = context;
  const dy = onlyGradient(grads);
  const y = node.outputs[0] as string;
  const dot = g.op('ReduceSum', [g.op('Mul', [dy, y]), axisOf(context, node)], { keepdims: 1 });
  return [g.op('Mul', [y, g.op('Sub', [dy, dot])])];
};

// dx = dy − softmax(x) ⊙ Σ_axis dy, with softmax = exp(y): stable since y ≤ 0.
const logSoftmax: GradientRule = (context, node, grads) => {
  const { g } = context;
  const dy = onlyGradient(grads);
  const total = g.op('ReduceSum', [dy, axisOf(context, node)], { keepdims: 1 });
  return [g.op('Sub', [dy, g.op('Mul', [g.op('Exp', [node.outputs[0] as string]), total])])];
};

/** Rules of Softmax and LogSoftmax (opset ≥ 13 semantics: one axis, default −1). */
export const softmaxRules: Readonly<Record<string, GradientRule>> = {
  Softmax: softmax,
  LogSoftmax: logSoftmax,
};
