import { onlyGradient } from '../gradient-rule.js';
import type { GradientRule } from '../gradient-rule.js';

// σ' = σ(1 − σ)
const sigmoid: GradientRule = ({ g }, node, grads) => {
  const y = node.outputs[0] as string;
  const slope = g.op('Mul', [y, g.op('Sub', [g.scalar(1), y])]);
  return [g.op('Mul', [onlyGradient(grads), slope])];
};

// tanh' = 1 − tanh²
const tanh: GradientRule = ({ g }, node, grads) => {
  const y = node.outputs[0] as string;
  const slope = g.op('Sub', [g.scalar(1), g.op('Mul', [y, y])]);
  return [g.op('Mul', [onlyGradient(grads), slope])];
};

const relu: GradientRule = ({ g }, node, grads) => {
  const positive = g.op('Greater', [node.inputs[0] as string, g.scalar(0)]);
  return [g.op('Where', [positive, onlyGradient(grads), g.scalar(0)])];
};

/** Rules of activations: Sigmoid (SiLU is `x · Sigmoid(x)`), Tanh, Relu. */
export const activationRules: Readonly<Record<string, GradientRule>> = {
  Sigmoid: sigmoid,
  Tanh: tanh,
  Relu: relu,
};
