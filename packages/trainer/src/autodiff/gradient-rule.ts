import type { RecordedNode } from '../graph/recorded-graph.js';
import type { RecordingGraph } from '../graph/recording-graph.js';
import type { InferredDim, TensorInfo } from '../graph/tensor-info.js';

/** Helpers a gradient rule builds its backward nodes with. */
export interface GradientContext {
  readonly g: RecordingGraph;
  /** Inferred info of a forward tensor. @throws ConfuError `UNSUPPORTED` when unknown. */
  info(name: string): TensorInfo;
  /** Values of an int64 constant (axes, shapes), when `name` is one. */
  ints(name: string): number[] | undefined;
  /**
   * Sums `grad` (shaped like forward tensor `from`, or with dims `from`) over the axes along
   * which `target` was broadcast, and reshapes it to `target`'s shape.
   */
  reduceTo(grad: string, from: string | readonly InferredDim[], target: string): string;
  /** `target`'s shape as a 1-D int64 tensor (a constant when fully static). */
  shapeOf(target: string): string;
  /** Zeros shaped like `target`. */
  zerosLike(target: string): string;
  /** The rank of forward tensor `name`. */
  rank(name: string): number;
}

/**
 * The vector-Jacobian product of one op: from the gradients of its outputs (`undefined` where an
 * output has none) to the gradients of the inputs flagged in `needs` (`undefined` for the rest).
 * Rules only read forward tensors, so they may reuse any of them.
 */
export type GradientRule = (
  context: GradientContext,
  node: RecordedNode,
  outputGradients: readonly (string | undefined)[],
  needs: readonly boolean[],
) => readonly (string | undefined)[];

/** The single output gradient of a one-output op (rules are only called when it exists). */
export function onlyGradient(outputGradients: readonly (string | undefined)[]): string {
  return outputGradients[0] as string;
}
