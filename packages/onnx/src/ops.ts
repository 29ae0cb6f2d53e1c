import type { GraphBuilder } from './graph-builder.js';

// Helpers for ops whose parameters are tensors or attributes that are awkward to spell inline.
// Anything else is `g.op(type, inputs, attributes)`.

/** `Reshape` to a constant shape (`0` copies the input dimension, `-1` is inferred). */
export function reshape(
  g: GraphBuilder,
  x: string,
  shape: readonly number[],
  output?: string,
): string {
  return g.op('Reshape', [x, g.int64s(shape)], {}, output);
}

/** `Unsqueeze` at constant axes (opset ≥ 13: axes as an input). */
export function unsqueeze(g: GraphBuilder, x: string, axes: readonly number[]): string {
  return g.op('Unsqueeze', [x, g.int64s(axes)]);
}

/** `Transpose` with a permutation. */
export function transpose(
  g: GraphBuilder,
  x: string,
  perm: readonly number[],
  output?: string,
): string {
  return g.op('Transpose', [x], { perm }, output);
}

/** `Concat` along `axis`. */
export function concat(
  g: GraphBuilder,
  inputs: readonly string[],
  axis: number,
  output?: string,
): string {
  return g.op('Concat', inputs, { axis }, output);
}

/** `Split` into pieces of the given sizes along `axis` (opset ≥ 13: sizes as an input). */
export function split(
  g: GraphBuilder,
  x: string,
  sizes: readonly number[],
  axis: number,
): string[] {
  return g.node('Split', [x, g.int64s(sizes)], { attributes: { axis }, outputs: sizes.length });
}

/** `ReduceMean` over constant axes (opset ≥ 18: axes as an input). */
export function reduceMean(
  g: GraphBuilder,
  x: string,
  axes: readonly number[],
  keepdims = true,
): string {
  return g.op('ReduceMean', [x, g.int64s(axes)], { keepdims: keepdims ? 1 : 0 });
}

/** `Gemm` computing `a · bᵀ (+ bias)`: `b` in PyTorch `Linear` layout `[out, in]`, used without a copy. */
export function linear(g: GraphBuilder, a: string, b: string, bias?: string): string {
  return g.op('Gemm', bias === undefined ? [a, b] : [a, b, bias], { transB: 1 });
}

/** The helpers above as one object, for the package entry point. */
export const graphOps = {
  reshape,
  unsqueeze,
  transpose,
  concat,
  split,
  reduceMean,
  linear,
} as const;
