import type { RecordingGraph } from '../graph/recording-graph.js';

/** Options of {@link appendGradientScale}. */
export interface GradientScaleOptions {
  /** Micro-batches summed into `grads`: they are averaged by `1 / accumulation`. */
  readonly accumulation: number;
  /** Global-norm clipping threshold, if any. */
  readonly maxGradNorm: number | undefined;
}

/**
 * Appends the global L2 norm of the averaged gradients (`√Σ‖g‖² / k`) and the factor every
 * summed gradient must be multiplied by: `1/k`, times `min(1, max / (norm + 1e-6))` when
 * clipping (PyTorch's `clip_grad_norm_`). Returns `{ norm, scale }`; `scale` is `undefined` when
 * it would be 1. Gradients are not rescaled here: AdamW folds `scale` into its moment updates.
 */
export function appendGradientScale(
  g: RecordingGraph,
  grads: readonly string[],
  options: GradientScaleOptions,
): { norm: string; scale: string | undefined } {
  const squares = grads.map((grad) => g.op('ReduceSumSquare', [grad], { keepdims: 0 }));
  const total = squares.length === 1 ? (squares[0] as string) : g.op('Sum', squares);
  const k = options.accumulation;
  let norm = g.op('Sqrt', [total]);
  if (k !== 1) norm = g.op('Mul', [norm, g.scalar(1 / k)]);
  if (options.maxGradNorm === undefined) {
    return { norm, scale: k === 1 ? undefined : g.scalar(1 / k) };
  }
  const ratio = g.op('Div', [g.scalar(options.maxGradNorm), g.op('Add', [norm, g.scalar(1e-6)])]);
  const clip = g.op('Min', [ratio, g.scalar(1)]);
  return { norm, scale: k === 1 ? clip : g.op('Mul', [clip, g.scalar(1 / k)]) };
}
