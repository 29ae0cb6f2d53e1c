import { intAttribute, normalizeAxis, stringAttribute } from '../node-attributes.js';
import { reductionAxes } from '../reduction-axes.js';
import type { InferenceRule } from './inference-rule.js';

const reduce: InferenceRule = ({ node, input, ints }) => {
  const x = input(0);
  if (!x) return [undefined];
  const axes = reductionAxes(node, x.dims.length, ints(1));
  if (!axes) return [undefined];
  const keep = intAttribute(node, 'keepdims', 1) === 1;
  const dims = keep
    ? x.dims.map((dim, axis) => (axes.includes(axis) ? 1 : dim))
    : x.dims.filter((_, axis) => !axes.includes(axis));
  return [{ dtype: x.dtype, dims }];
};

const argReduce: InferenceRule = ({ node, input }) => {
  const x = input(0);
  if (!x) return [undefined];
  const axis = normalizeAxis(intAttribute(node, 'axis', 0), x.dims.length);
  const keep = intAttribute(node, 'keepdims', 1) === 1;
  const dims = keep
    ? x.dims.map((dim, index) => (index === axis ? 1 : dim))
    : x.dims.filter((_, index) => index !== axis);
  return [{ dtype: 'int64', dims }];
};

const crossEntropy: InferenceRule = ({ node, input }) => {
  const scores = input(0);
  const labels = input(1);
  if (!scores) return [undefined, undefined];
  const none = stringAttribute(node, 'reduction', 'mean') === 'none';
  const loss = none
    ? labels
      ? { dtype: scores.dtype, dims: labels.dims }
      : undefined
    : {
        dtype: scores.dtype,
        dims: [],
      };
  return [loss, scores];
};

const reductions = [
  'ReduceSum',
  'ReduceMean',
  'ReduceSumSquare',
  'ReduceMax',
  'ReduceMin',
  'ReduceProd',
  'ReduceL2',
  'ReduceLogSumExp',
];

/** Shape rules of reductions, arg-reductions and SoftmaxCrossEntropyLoss. */
export const reductionInference: Readonly<Record<string, InferenceRule>> = {
  ...Object.fromEntries(reductions.map((op) => [op, reduce])),
  ArgMax: argReduce,
  ArgMin: argReduce,
  SoftmaxCrossEntropyLoss: crossEntropy,
};
