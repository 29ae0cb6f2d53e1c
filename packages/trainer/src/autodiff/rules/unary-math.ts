import { onnxDataTypeCode } from '@confu/onnx';
import type { RecordingGraph } from '../../graph/recording-graph.js';
import { isFloatType } from '../../graph/tensor-info.js';
import { onlyGradient } from '../gradient-rule.js';
import type { GradientRule } from '../gradient-rule.js';

/** A rule `dx = dy ⊙ f(x, y)` for a one-input, one-output op. */
const local =
  (slope: (g: RecordingGraph, x: string, y: string, dy: string) => string): GradientRule =>
  (context, node, grads) => [
    slope(context.g, node.inputs[0] as string, node.outputs[0] as string, onlyGradient(grads)),
  ];

/** Ops whose derivative is zero wherever it exists. */
const zero: GradientRule = () => [];

/** Rules of unary math: Sqrt, Exp, Log, Reciprocal, Abs, Erf, Identity, Cast, piecewise constants. */
export const unaryMathRules: Readonly<Record<string, GradientRule>> = {
  // d√x = dy / (2√x)
  Sqrt: local((g, _x, y, dy) => g.op('Div', [g.op('Mul', [dy, g.scalar(0.5)]), y])),
  Exp: local((g, _x, y, dy) => g.op('Mul', [dy, y])),
  Log: local((g, x, _y, dy) => g.op('Div', [dy, x])),
  // d(1/x) = -dy · y²
  Reciprocal: local((g, _x, y, dy) => g.op('Neg', [g.op('Mul', [dy, g.op('Mul', [y, y])])])),
  Abs: local((g, x, _y, dy) => g.op('Mul', [dy, g.op('Sign', [x])])),
  // d erf(x) = dy · 2/√π · exp(-x²)
  Erf: local((g, x, _y, dy) => {
    const bell = g.op('Exp', [g.op('Neg', [g.op('Mul', [x, x])])]);
    return g.op('Mul', [dy, g.op('Mul', [bell, g.scalar(2 / Math.sqrt(Math.PI))])]);
  }),
  Identity: (_context, _node, grads) => [onlyGradient(grads)],
  // Float-to-float casts pass the gradient back in the input's type; others carry none.
  Cast: (context, node, grads) => {
    const dtype = context.info(node.inputs[0] as string).dtype;
    if (!isFloatType(dtype)) return [];
    return [context.g.op('Cast', [onlyGradient(grads)], { to: onnxDataTypeCode(dtype) })];
  },
  Sign: zero,
  Floor: zero,
  Ceil: zero,
  Round: zero,
};
