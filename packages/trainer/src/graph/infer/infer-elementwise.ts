import { onnxDataTypeOfCode } from '@confu/onnx';
import { intAttribute } from '../node-attributes.js';
import type { TensorInfo } from '../tensor-info.js';
import { broadcastDims } from './inference-rule.js';
import type { InferenceContext, InferenceRule } from './inference-rule.js';

const sameAsFirst: InferenceRule = ({ input }) => [input(0)];

function inputsOf(context: InferenceContext): TensorInfo[] | undefined {
  const infos = context.node.inputs.map((_, index) => context.input(index));
  return infos.every((info): info is TensorInfo => info !== undefined) ? infos : undefined;
}

const broadcasting =
  (dtypeFrom: number | 'bool'): InferenceRule =>
  (context) => {
    const infos = inputsOf(context);
    const source = dtypeFrom === 'bool' ? undefined : infos?.[dtypeFrom];
    if (!infos || (dtypeFrom !== 'bool' && !source)) return [undefined];
    const dims = broadcastDims(infos.map((info) => info.dims));
    return [{ dtype: source?.dtype ?? 'bool', dims }];
  };

const cast: InferenceRule = (context) => {
  const info = context.input(0);
  const dtype = onnxDataTypeOfCode(intAttribute(context.node, 'to', 0));
  return [info && dtype ? { dtype, dims: info.dims } : undefined];
};

const unary = [
  'Identity',
  'Neg',
  'Sqrt',
  'Exp',
  'Log',
  'Sigmoid',
  'Tanh',
  'Relu',
  'Reciprocal',
  'Abs',
  'Erf',
  'Sign',
  'Floor',
  'Ceil',
  'Round',
  'Not',
  'Softmax',
  'LogSoftmax',
  'Trilu',
  'CumSum',
  'Dropout',
  'Gelu',
];
const arithmetic = ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Sum', 'Mean'];
const comparisons = [
  'Equal',
  'Less',
  'Greater',
  'LessOrEqual',
  'GreaterOrEqual',
  'And',
  'Or',
  'Xor',
];

/** Shape rules of elementwise ops: unary, broadcasting arithmetic, comparisons, Where, Cast. */
export const elementwiseInference: Readonly<Record<string, InferenceRule>> = {
  ...Object.fromEntries(unary.map((op) => [op, sameAsFirst])),
  ...Object.fromEntries(arithmetic.map((op) => [op, broadcasting(0)])),
  ...Object.fromEntries(comparisons.map((op) => [op, broadcasting('bool')])),
  Where: broadcasting(1),
  Cast: cast,
};
