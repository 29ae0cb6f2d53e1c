import { ConfuError } from '@confu/errors';

/** A learning rate per optimizer update `t` (1-based). */
export type LrSchedule = (t: number) => number;

/** Options of {@link createLrSchedule}. */
export interface LrScheduleOptions {
  /** Learning rate reached at the end of warm-up. */
  readonly peak: number;
  /** Updates of linear warm-up from `peak / warmupSteps` to `peak`. Default 0. */
  readonly warmupSteps?: number;
  /** Updates after which the decay ends (at `minimum`). Required unless `decay` is `'constant'`. */
  readonly totalSteps?: number;
  /** Shape after warm-up. Default `'cosine'`. */
  readonly decay?: 'cosine' | 'linear' | 'constant';
  /** Floor of the decay. Default 0. */
  readonly minimum?: number;
}

/**
 * Linear warm-up, then cosine or linear decay from `peak` to `minimum` at `totalSteps` (held
 * there afterwards), or a constant rate. Computed in TypeScript and fed to the graph as a scalar.
 * @throws ConfuError `INVALID_ARGUMENT` for inconsistent options.
 */
export function createLrSchedule(options: LrScheduleOptions): LrSchedule {
  const { peak, warmupSteps = 0, decay = 'cosine', minimum = 0 } = options;
  const total =
    options.totalSteps ?? (decay === 'constant' ? Number.POSITIVE_INFINITY : Number.NaN);
  const valid =
    peak > 0 &&
    minimum >= 0 &&
    minimum <= peak &&
    Number.isInteger(warmupSteps) &&
    warmupSteps >= 0 &&
    total >= warmupSteps;
  if (!valid) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `learning-rate schedule: need peak > 0, 0 ≤ minimum ≤ peak, integer warmupSteps ≥ 0 and totalSteps ≥ warmupSteps (required unless decay is 'constant'); got ${JSON.stringify(options)}`,
    );
  }
  return (t) => {
    if (warmupSteps > 0 && t <= warmupSteps) return (peak * t) / warmupSteps;
    if (decay === 'constant') return peak;
    const progress = Math.min(1, (t - warmupSteps) / Math.max(1, total - warmupSteps));
    const shape = decay === 'cosine' ? 0.5 * (1 + Math.cos(Math.PI * progress)) : 1 - progress;
    return minimum + (peak - minimum) * shape;
  };
}
