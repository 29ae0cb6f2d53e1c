import { intAttribute } from '../node-attributes.js';
import type { InferredDim } from '../tensor-info.js';
import { broadcastDims } from './inference-rule.js';
import type { InferenceRule } from './inference-rule.js';

const matMul: InferenceRule = ({ input }) => {
  const a = input(0);
  const b = input(1);
  if (!a || !b || a.dims.length === 0 || b.dims.length === 0) return [undefined];
  // 1-D operands are promoted (a: prepend 1, b: append 1) and the added dim is dropped again.
  const left = a.dims.length === 1 ? [1, ...a.dims] : a.dims;
  const right = b.dims.length === 1 ? [...b.dims, 1] : b.dims;
  const batch = broadcastDims([left.slice(0, -2), right.slice(0, -2)]);
  const dims: InferredDim[] = [...batch];
  if (a.dims.length > 1) dims.push(left[left.length - 2] as InferredDim);
  if (b.dims.length > 1) dims.push(right[right.length - 1] as InferredDim);
  return [{ dtype: a.dtype, dims }];
};

const gemm: InferenceRule = ({ node, input }) => {
  const a = input(0);
  const b = input(1);
  if (a?.dims.length !== 2 || b?.dims.length !== 2) return [undefined];
  const m = intAttribute(node, 'transA', 0) ? a.dims[1] : a.dims[0];
  const n = intAttribute(node, 'transB', 0) ? b.dims[0] : b.dims[1];
  return [{ dtype: a.dtype, dims: [m ?? null, n ?? null] }];
};

/** Shape rules of MatMul (with batch broadcasting) and Gemm. */
export const linearAlgebraInference: Readonly<Record<string, InferenceRule>> = {
  MatMul: matMul,
  Gemm: gemm,
};
