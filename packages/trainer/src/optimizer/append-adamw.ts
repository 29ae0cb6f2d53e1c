import type { RecordingGraph } from '../graph/recording-graph.js';
import type { ResolvedAdamW } from './adamw-options.js';

/** The tensors of one parameter's AdamW update. */
export interface AdamWParameter {
  readonly param: string;
  /** The summed (not yet averaged or clipped) gradient. */
  readonly grad: string;
  readonly m: string;
  readonly v: string;
  readonly decay: boolean;
  /** Learning-rate multiplier of this parameter (default 1). */
  readonly lrScale?: number;
}

/** Graph inputs holding the per-step scalars (see `adamWScalars`). */
export interface AdamWScalarInputs {
  /** `lr·√(1−β2^t) / (1−β1^t)` */
  readonly stepSize: string;
  /** `ε·√(1−β2^t)` */
  readonly epsilon: string;
  /** `1 − lr·λ` */
  readonly decayFactor: string;
}

/** Output names of one parameter's update (generated when omitted). */
export interface AdamWOutputNames {
  readonly param?: string;
  readonly m?: string;
  readonly v?: string;
}

/**
 * Appends AdamW for each parameter, with the gradient factor `scale` (averaging and clipping)
 * folded into the moment coefficients so the gradient is never rescaled elementwise:
 *   m' = β1·m + (1−β1)·s·g,  v' = β2·v + (1−β2)·s²·g²,
 *   p' = p·(1 − lr·λ) − (lr / (1−β1^t)) · m' / (√v' / √(1−β2^t) + ε),
 * the last evaluated as `p·decay − stepSize · m' / (√v' + epsilon)` with the bias corrections
 * moved into the two scalars: one elementwise pass fewer over every weight.
 * Returns the updated `{ param, m, v }` tensor names per parameter.
 */
export function appendAdamW(
  g: RecordingGraph,
  parameters: readonly AdamWParameter[],
  scalars: AdamWScalarInputs,
  options: ResolvedAdamW & {
    readonly scale: string | undefined;
    readonly outputs?: (param: string) => AdamWOutputNames;
  },
): { param: string; m: string; v: string }[] {
  const { scale } = options;
  const c1 = scale
    ? g.op('Mul', [scale, g.scalar(1 - options.beta1)])
    : g.scalar(1 - options.beta1);
  const c2 = scale
    ? g.op('Mul', [g.op('Mul', [scale, scale]), g.scalar(1 - options.beta2)])
    : g.scalar(1 - options.beta2);
  return parameters.map(({ param, grad, m, v, decay, lrScale = 1 }) => {
    const names = options.outputs?.(param) ?? {};
    const nextM = g.op(
      'Add',
      [g.op('Mul', [m, g.scalar(options.beta1)]), g.op('Mul', [grad, c1])],
      {},
      names.m,
    );
    const squared = g.op('Mul', [g.op('Mul', [grad, c2]), grad]);
    const nextV = g.op('Add', [g.op('Mul', [v, g.scalar(options.beta2)]), squared], {}, names.v);
    const denominator = g.op('Add', [g.op('Sqrt', [nextV]), scalars.epsilon]);
    const stepSize =
      lrScale === 1 ? scalars.stepSize : g.op('Mul', [scalars.stepSize, g.scalar(lrScale)]);
    const update = g.op('Mul', [g.op('Div', [nextM, denominator]), stepSize]);
    // 1 − (lr·s)·λ = 1 − s·(1 − decayFactor)
    const decayFactor =
      lrScale === 1
        ? scalars.decayFactor
        : g.op('Sub', [
            g.scalar(1),
            g.op('Mul', [g.op('Sub', [g.scalar(1), scalars.decayFactor]), g.scalar(lrScale)]),
          ]);
    const decayed = decay ? g.op('Mul', [param, decayFactor]) : param;
    return { param: g.op('Sub', [decayed, update], {}, names.param), m: nextM, v: nextV };
  });
}
