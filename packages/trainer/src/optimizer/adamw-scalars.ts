import type { ResolvedAdamW } from './adamw-options.js';

/** The per-step scalars the AdamW graph takes as inputs, computed in float64 here. */
export interface AdamWScalars {
  /** `lr · √(1 − β2^t) / (1 − β1^t)` */
  readonly stepSize: number;
  /** `ε · √(1 − β2^t)` */
  readonly epsilon: number;
  /** `1 − lr · λ` */
  readonly decayFactor: number;
}

/**
 * Scalars of update `t` (1-based) at learning rate `lr`. Bias corrections depend only on `t`,
 * so computing them here keeps the graph free of step-dependent constants. With
 * c2 = √(1 − β2^t): `m̂ / (√v̂ + ε) = (m' / (1−β1^t)) · c2 / (√v' + ε·c2)`.
 */
export function adamWScalars(options: ResolvedAdamW, t: number, lr: number): AdamWScalars {
  const sqrtCorrection2 = Math.sqrt(1 - options.beta2 ** t);
  return {
    stepSize: (lr * sqrtCorrection2) / (1 - options.beta1 ** t),
    epsilon: options.eps * sqrtCorrection2,
    decayFactor: 1 - lr * options.weightDecay,
  };
}
