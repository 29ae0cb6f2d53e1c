import { assertArgument } from '@confu/errors';
import type { LoadModelOptions, TensorRuntime } from '@confu/core';
import type { TrainingRecord } from './data/training-record.js';
import type { AdamWOptions } from './optimizer/adamw-options.js';
import { createLrSchedule } from './optimizer/lr-schedule.js';
import { createTrainer } from './trainer.js';
import type { Trainer } from './trainer.js';
import type { BuildForward } from './training/record-forward.js';
import type { RunControl } from './training/update-loop.js';

/**
 * Options every draft-head training method (EAGLE-3, ConFu) shares, with checkpoints and resuming
 * ({@link RunControl}).
 */
export interface HeadTrainingOptions extends RunControl {
  readonly runtime: TensorRuntime;
  /** Draft vocabulary: `targetIds` ascending, with its `d2t` / `t2d`. */
  readonly vocab: {
    readonly targetIds: Int32Array;
    readonly d2t: BigInt64Array;
    readonly t2d: Uint8Array;
  };
  readonly records: readonly TrainingRecord[];
  /** Optimizer updates. */
  readonly steps: number;
  /** Sequences per update (default 8). */
  readonly batch?: number;
  /** Rows per sequence; longer records are truncated (default: longest record − 1, at most 512). */
  readonly seq?: number;
  /** Unrolled steps (default 7). */
  readonly tttSteps?: number;
  /** Peak learning rate (default per method); linear warm-up, cosine decay to 10 %. */
  readonly lr?: number;
  /** Default min(100, steps / 20). */
  readonly warmupSteps?: number;
  /** AdamW settings (default β2 0.95, weight decay 0, clipping 0.5 as EAGLE-3). */
  readonly optimizer?: AdamWOptions;
  readonly seed?: number;
  /** Initial tensors by name (default: fresh, from `seed`). */
  readonly init?: Readonly<Record<string, Float32Array>>;
  readonly session?: LoadModelOptions;
}

/** A trained head and how training went. */
export interface HeadTrainingResult<H, S = number> {
  readonly head: H;
  readonly losses: readonly number[];
  readonly seconds: number;
  /** Data rows (sequence positions) per second, every unrolled step counted once. */
  readonly tokensPerSecond: number;
  /** Estimated training FLOP/s. */
  readonly gflopPerSecond: number;
  readonly parameters: number;
  readonly settings: Readonly<Record<string, S>>;
}

/** {@link HeadTrainingOptions} with defaults filled in. */
export interface HeadTrainingSettings {
  readonly batch: number;
  readonly seq: number;
  readonly tttSteps: number;
  readonly lr: number;
  readonly warmupSteps: number;
  readonly seed: number;
}

/**
 * Validates the shared options and fills in their defaults (`defaultLr` per method).
 * @throws ConfuError `INVALID_ARGUMENT` for no records or a bad step count.
 */
export function resolveHeadTraining(
  options: HeadTrainingOptions,
  defaultLr: number,
): HeadTrainingSettings {
  const { records, steps } = options;
  assertArgument(records.length > 0, 'no training records');
  assertArgument(
    Number.isInteger(steps) && steps >= 1,
    `steps must be a positive integer, got ${steps}`,
  );
  const longest = records.reduce((max, record) => Math.max(max, record.tokens.length), 0);
  return {
    batch: Math.min(options.batch ?? 8, records.length),
    seq: options.seq ?? Math.min(512, Math.max(1, longest - 1)),
    tttSteps: options.tttSteps ?? 7,
    lr: options.lr ?? defaultLr,
    warmupSteps: options.warmupSteps ?? Math.min(100, Math.ceil(steps / 20)),
    seed: options.seed ?? 0,
  };
}

/**
 * A {@link Trainer} with the draft-head recipe: AdamW β = (0.9, 0.95), no weight decay, clipping
 * 0.5 (EAGLE-3's; `options.optimizer` overrides), linear warm-up then cosine to 10 % of the peak.
 */
export function createHeadTrainer(
  options: HeadTrainingOptions,
  settings: HeadTrainingSettings,
  graph: {
    readonly buildForward: BuildForward;
    readonly initialParams: Readonly<Record<string, Float32Array>>;
    /** Per-parameter learning-rate multiplier (default 1). */
    readonly lrScale?: (name: string) => number;
  },
): Promise<Trainer> {
  const { lr, warmupSteps, seed } = settings;
  return createTrainer({
    runtime: options.runtime,
    buildForward: graph.buildForward,
    initialParams: graph.initialParams,
    optimizer: {
      beta1: 0.9,
      beta2: 0.95,
      weightDecay: 0,
      maxGradNorm: 0.5,
      ...(graph.lrScale ? { lrScale: graph.lrScale } : {}),
      ...options.optimizer,
    },
    schedule: createLrSchedule({
      peak: lr,
      warmupSteps,
      totalSteps: options.steps,
      decay: 'cosine',
      minimum: lr / 10,
    }),
    seed,
    ...(options.session ? { session: options.session } : {}),
  });
}
