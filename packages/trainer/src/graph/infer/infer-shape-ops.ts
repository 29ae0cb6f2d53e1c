import { intAttribute, normalizeAxis } from '../node-attributes.js';
import type { InferenceRule } from './inference-rule.js';

const shape: InferenceRule = ({ node, input }) => {
  const x = input(0);
  if (!x) return [undefined];
  const rank = x.dims.length;
  const clamp = (value: number): number => Math.min(Math.max(normalizeAxis(value, rank), 0), rank);
  const start = clamp(intAttribute(node, 'start', 0));
  const end = clamp(intAttribute(node, 'end', rank));
  return [{ dtype: 'int64', dims: [Math.max(0, end - start)] }];
};

const constantOfShape: InferenceRule = ({ input, ints }) => {
  const dims = ints(0);
  if (dims) return [{ dtype: 'float32', dims }];
  const rank = input(0)?.dims[0];
  return [
    typeof rank === 'number' ? { dtype: 'float32', dims: Array(rank).fill(null) } : undefined,
  ];
};

/** Shape rules of ops that produce shapes or constants. */
export const shapeOpInference: Readonly<Record<string, InferenceRule>> = {
  Shape: shape,
  Size: () => [{ dtype: 'int64', dims: [] }],
  ConstantOfShape: constantOfShape,
  Range: ({ input }) => {
    const start = input(0);
    return [start ? { dtype: start.dtype, dims: [null] } : undefined];
  },
};
