import { intAttribute, intsAttribute, normalizeAxis } from '../node-attributes.js';
import { sliceBounds, sliceSpec } from '../slice-bounds.js';
import type { InferredDim, TensorInfo } from '../tensor-info.js';
import { broadcastDims } from './inference-rule.js';
import type { InferenceRule } from './inference-rule.js';

const transpose: InferenceRule = ({ node, input }) => {
  const x = input(0);
  if (!x) return [undefined];
  const perm = intsAttribute(node, 'perm') ?? x.dims.map((_, axis) => x.dims.length - 1 - axis);
  return [{ dtype: x.dtype, dims: perm.map((axis) => x.dims[axis] ?? null) }];
};

const expand: InferenceRule = ({ input, ints }) => {
  const x = input(0);
  const shape = ints(1);
  return [x && shape ? { dtype: x.dtype, dims: broadcastDims([x.dims, shape]) } : undefined];
};

const concat: InferenceRule = ({ node, input }) => {
  const infos = node.inputs.map((_, index) => input(index));
  const first = infos[0];
  if (!first || !infos.every((info): info is TensorInfo => info !== undefined)) return [undefined];
  const axis = normalizeAxis(intAttribute(node, 'axis', 0), first.dims.length);
  const sizes = infos.map((info) => info.dims[axis] ?? null);
  const total = sizes.every((size): size is number => typeof size === 'number')
    ? sizes.reduce((sum, size) => sum + size, 0)
    : null;
  return [
    { dtype: first.dtype, dims: first.dims.map((dim, index) => (index === axis ? total : dim)) },
  ];
};

const split: InferenceRule = ({ node, input, ints }) => {
  const x = input(0);
  const count = node.outputs.length;
  if (!x) return node.outputs.map(() => undefined);
  const axis = normalizeAxis(intAttribute(node, 'axis', 0), x.dims.length);
  const dim = x.dims[axis];
  const sizes: InferredDim[] =
    ints(1) ??
    Array.from({ length: count }, () =>
      typeof dim === 'number' && dim % count === 0 ? dim / count : null,
    );
  return sizes.map((size) => ({
    dtype: x.dtype,
    dims: x.dims.map((value, index) => (index === axis ? size : value)),
  }));
};

const slice: InferenceRule = ({ node, input, ints }) => {
  const x = input(0);
  if (!x) return [undefined];
  const present = node.inputs.map((name) => name !== '');
  const spec = sliceSpec(
    x.dims.length,
    [ints(1), ints(2), ints(3), ints(4)],
    [...present.slice(1)],
  );
  const dims = [...x.dims];
  spec?.axes.forEach((axis, index) => {
    const dim = x.dims[axis];
    const step = spec.steps[index] ?? 1;
    dims[axis] =
      typeof dim === 'number' && step === 1
        ? sliceBounds(dim, spec.starts[index] ?? 0, spec.ends[index] ?? dim).reduce((b, e) => e - b)
        : null;
  });
  return [{ dtype: x.dtype, dims: spec ? dims : x.dims.map(() => null) }];
};

const gather: InferenceRule = ({ node, input }) => {
  const data = input(0);
  const indices = input(1);
  if (!data || !indices) return [undefined];
  const axis = normalizeAxis(intAttribute(node, 'axis', 0), data.dims.length);
  const dims = [...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)];
  return [{ dtype: data.dtype, dims }];
};

const gatherElements: InferenceRule = ({ input }) => {
  const data = input(0);
  const indices = input(1);
  return [data && indices ? { dtype: data.dtype, dims: indices.dims } : undefined];
};

const pad: InferenceRule = ({ input, ints }) => {
  const x = input(0);
  const pads = ints(1);
  if (!x) return [undefined];
  const rank = x.dims.length;
  const dims = x.dims.map((dim, axis) =>
    pads && typeof dim === 'number' ? dim + (pads[axis] ?? 0) + (pads[axis + rank] ?? 0) : null,
  );
  return [{ dtype: x.dtype, dims }];
};

/** Shape rules of data-movement ops. */
export const movementInference: Readonly<Record<string, InferenceRule>> = {
  Transpose: transpose,
  Expand: expand,
  Concat: concat,
  Split: split,
  Slice: slice,
  Gather: gather,
  GatherElements: gatherElements,
  ScatterND: ({ input }) => [input(0)],
  ScatterElements: ({ input }) => [input(0)],
  Pad: pad,
};
