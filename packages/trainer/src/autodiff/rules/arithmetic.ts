import { onnxDataTypeCode } from '@confu/onnx';
import type { RecordedNode } from '../../graph/recorded-graph.js';
import { isFloatType } from '../../graph/tensor-info.js';
import { onlyGradient } from '../gradient-rule.js';
import type { GradientContext, GradientRule } from '../gradient-rule.js';

/** Applies `local` to the inputs that need a gradient, then sums over broadcast axes. */
function perInput(
  context: GradientContext,
  node: RecordedNode,
  needs: readonly boolean[],
  local: (index: number) => string,
): (string | undefined)[] {
  const output = node.outputs[0] as string;
  return node.inputs.map((input, index) =>
    needs[index] ? context.reduceTo(local(index), output, input) : undefined,
  );
}

/** A float view of `name` (Pow allows integer exponents). */
function asFloat(context: GradientContext, name: string, like: string): string {
  const dtype = context.info(like).dtype;
  return isFloatType(context.info(name).dtype)
    ? name
    : context.g.op('Cast', [name], { to: onnxDataTypeCode(dtype) });
}

const add: GradientRule = (context, node, grads, needs) =>
  perInput(context, node, needs, () => onlyGradient(grads));

const sub: GradientRule = (context, node, grads, needs) => {
  const dy = onlyGradient(grads);
  const [a, b] = node.inputs as [string, string];
  const y = node.outputs[0] as string;
  return [
    needs[0] ? context.reduceTo(dy, y, a) : undefined,
    needs[1] ? context.g.op('Neg', [context.reduceTo(dy, y, b)]) : undefined,
  ];
};

const mul: GradientRule = (context, node, grads, needs) => {
  const dy = onlyGradient(grads);
  const [a, b] = node.inputs as [string, string];
  return perInput(context, node, needs, (index) => context.g.op('Mul', [dy, index === 0 ? b : a]));
};

// y = a / b: da = dy / b, db = -dy · y / b.
const div: GradientRule = (context, node, grads, needs) => {
  const { g } = context;
  const dy = onlyGradient(grads);
  const [, b] = node.inputs as [string, string];
  const y = node.outputs[0] as string;
  return perInput(context, node, needs, (index) =>
    index === 0 ? g.op('Div', [dy, b]) : g.op('Neg', [g.op('Div', [g.op('Mul', [dy, y]), b])]),
  );
};

// y = a^b: da = dy · b · a^(b-1), db = dy · y · ln a.
const pow: GradientRule = (context, node, grads, needs) => {
  const { g } = context;
  const dy = onlyGradient(grads);
  const [a, b] = node.inputs as [string, string];
  const y = node.outputs[0] as string;
  return perInput(context, node, needs, (index) => {
    if (index === 1) return g.op('Mul', [g.op('Mul', [dy, y]), g.op('Log', [a])]);
    const exponent = asFloat(context, b, a);
    const slope = g.op('Mul', [exponent, g.op('Pow', [a, g.op('Sub', [exponent, g.scalar(1)])])]);
    return g.op('Mul', [dy, slope]);
  });
};

const sum: GradientRule = add;

const mean: GradientRule = (context, node, grads, needs) => {
  const scaled = context.g.op('Mul', [
    onlyGradient(grads),
    context.g.scalar(1 / node.inputs.length),
  ]);
  return perInput(context, node, needs, () => scaled);
};

const neg: GradientRule = (context, _node, grads) => [context.g.op('Neg', [onlyGradient(grads)])];

/** Rules of broadcasting arithmetic: Add, Sub, Mul, Div, Pow, Sum, Mean, Neg. */
export const arithmeticRules: Readonly<Record<string, GradientRule>> = {
  Add: add,
  Sub: sub,
  Mul: mul,
  Div: div,
  Pow: pow,
  Sum: sum,
  Mean: mean,
  Neg: neg,
};
