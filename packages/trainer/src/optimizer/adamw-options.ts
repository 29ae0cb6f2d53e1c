import { ConfuError } from '@confu/errors';

/** AdamW hyper-parameters (PyTorch `torch.optim.AdamW` semantics; defaults as there). */
export interface AdamWOptions {
  /** Default 0.9. */
  readonly beta1?: number;
  /** Default 0.999. */
  readonly beta2?: number;
  /** Added to √v̂. Default 1e-8. */
  readonly eps?: number;
  /** Decoupled weight decay λ: `p ← p · (1 − lr·λ)`. Default 0.01. */
  readonly weightDecay?: number;
  /**
   * Clip the global L2 norm of the (averaged) gradients to this value, in-graph. Default: no
   * clipping (the norm is still reported).
   */
  readonly maxGradNorm?: number;
  /**
   * Which parameters weight decay applies to. Default: those of rank ≥ 2 (matrices and
   * embeddings, not norm scales or biases).
   */
  readonly decay?: (name: string, dims: readonly number[]) => boolean;
  /**
   * Per-parameter learning-rate multiplier (parameter groups, e.g. new tensors next to a
   * pretrained model). Default 1 for every parameter.
   */
  readonly lrScale?: (name: string) => number;
}

/** {@link AdamWOptions} with defaults filled in. */
export type ResolvedAdamW = Required<Omit<AdamWOptions, 'maxGradNorm'>> & {
  readonly maxGradNorm: number | undefined;
};

/**
 * Fills in defaults and validates.
 * @throws ConfuError `INVALID_ARGUMENT` for a value outside its domain.
 */
export function resolveAdamW(options: AdamWOptions = {}): ResolvedAdamW {
  const resolved: ResolvedAdamW = {
    beta1: options.beta1 ?? 0.9,
    beta2: options.beta2 ?? 0.999,
    eps: options.eps ?? 1e-8,
    weightDecay: options.weightDecay ?? 0.01,
    maxGradNorm: options.maxGradNorm,
    decay: options.decay ?? ((_name, dims) => dims.length >= 2),
    lrScale: options.lrScale ?? (() => 1),
  };
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new ConfuError('INVALID_ARGUMENT', `AdamW: ${what}`);
  };
  check(
    resolved.beta1 >= 0 && resolved.beta1 < 1,
    `beta1 must be in [0, 1), got ${resolved.beta1}`,
  );
  check(
    resolved.beta2 >= 0 && resolved.beta2 < 1,
    `beta2 must be in [0, 1), got ${resolved.beta2}`,
  );
  check(resolved.eps > 0, `eps must be positive, got ${resolved.eps}`);
  check(resolved.weightDecay >= 0, `weightDecay must be ≥ 0, got ${resolved.weightDecay}`);
  const clip = resolved.maxGradNorm;
  check(clip === undefined || clip > 0, `maxGradNorm must be positive, got ${String(clip)}`);
  return resolved;
}
