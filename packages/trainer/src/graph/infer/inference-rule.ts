import type { RecordedNode } from '../recorded-graph.js';
import type { InferredDim, TensorInfo } from '../tensor-info.js';

/** What a shape rule may look at: the node, its inputs' info and constant int64 inputs. */
export interface InferenceContext {
  readonly node: RecordedNode;
  /** Info of input `index` (undefined when absent, omitted or unknown). */
  input(index: number): TensorInfo | undefined;
  /** Values of input `index` when it is an int64 initializer. */
  ints(index: number): number[] | undefined;
}

/** Infers a node's output infos; `undefined` entries are unknown. Never throws. */
export type InferenceRule = (context: InferenceContext) => readonly (TensorInfo | undefined)[];

/** Combines two dims under numpy broadcasting; `null` when it cannot be decided. */
export function broadcastDim(a: InferredDim, b: InferredDim): InferredDim {
  if (a === 1) return b;
  if (b === 1 || a === b) return a;
  // An unknown or symbolic dim broadcast against a fixed size > 1 must be 1 or that size.
  if (typeof a === 'number' && b !== null && typeof b !== 'number') return a;
  if (typeof b === 'number' && a !== null && typeof a !== 'number') return b;
  if (a === null && typeof b === 'number') return b;
  if (b === null && typeof a === 'number') return a;
  return null;
}

/** Broadcast shape of several shapes (right-aligned). */
export function broadcastDims(shapes: readonly (readonly InferredDim[])[]): InferredDim[] {
  const rank = Math.max(0, ...shapes.map((dims) => dims.length));
  return Array.from({ length: rank }, (_, position) => {
    let dim: InferredDim = 1;
    for (const dims of shapes) {
      const index = dims.length - rank + position;
      if (index >= 0) dim = broadcastDim(dim, dims[index] as InferredDim);
    }
    return dim;
  });
}

/** Product of dims, `null` unless all are fixed. */
export function productOf(dims: readonly InferredDim[]): number | null {
  let product = 1;
  for (const dim of dims) {
    if (typeof dim !== 'number') return null;
    product *= dim;
  }
  return product;
}
