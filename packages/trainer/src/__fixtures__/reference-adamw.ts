/** Pure float64 AdamW (PyTorch semantics) with optional global-norm clipping, for tests. */
export interface ReferenceAdamW {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  maxGradNorm?: number;
}

/** One parameter's float64 state. */
export interface ReferenceParameter {
  value: Float64Array;
  m: Float64Array;
  v: Float64Array;
  decay: boolean;
  /** Learning-rate multiplier (default 1). */
  lrScale?: number;
}

/** Applies update `t` (1-based) at rate `lr` in place; returns the pre-clipping gradient norm. */
export function referenceAdamWStep(
  params: ReferenceParameter[],
  grads: Float64Array[],
  options: ReferenceAdamW,
  { t, lr }: { t: number; lr: number },
): number {
  const norm = Math.sqrt(grads.reduce((sum, grad) => sum + grad.reduce((s, x) => s + x * x, 0), 0));
  const clip = options.maxGradNorm === undefined ? 1 : Math.min(1, options.maxGradNorm / (norm + 1e-6));
  params.forEach((param, index) => {
    const grad = grads[index] as Float64Array;
    const rate = lr * (param.lrScale ?? 1);
    for (let i = 0; i < param.value.length; i++) {
      const g = (grad[i] as number) * clip;
      if (param.decay) param.value[i] = (param.value[i] as number) * (1 - rate * options.weightDecay);
      param.m[i] = options.beta1 * (param.m[i] as number) + (1 - options.beta1) * g;
      param.v[i] = options.beta2 * (param.v[i] as number) + (1 - options.beta2) * g * g;
      const mHat = (param.m[i] as number) / (1 - options.beta1 ** t);
      const vHat = (param.v[i] as number) / (1 - options.beta2 ** t);
      param.value[i] = (param.value[i] as number) - (rate * mHat) / (Math.sqrt(vHat) + options.eps);
    }
  });
  return norm;
}
