import { assertArgument } from '@confu/errors';
import type { Eagle3HeadConfig, Eagle3HeadWeights } from '@confu/model-builder';
import { createTensor } from '@confu/runtime';
import type { LoadModelOptions, TensorRuntime } from '@confu/runtime';
import type { TrainingRecord } from '../data/training-record.js';
import type { AdamWOptions } from '../optimizer/adamw-options.js';
import { createLrSchedule } from '../optimizer/lr-schedule.js';
import type { ProgressStream } from '../progress-bar.js';
import { createSeededRandom } from '../seeded-random.js';
import { createTrainer } from '../trainer.js';
import { runHeadTraining } from '../head-training-loop.js';
import { buildEagle3TttGraph } from './build-eagle3-ttt-graph.js';
import { eagle3BatchFeeds, targetToDraftIds } from './eagle3-batch.js';
import {
  eagle3HeadFromParameters,
  eagle3ParameterCount,
  initialEagle3Parameters,
} from './eagle3-parameters.js';
import { eagle3TttInputs } from './eagle3-ttt-shape.js';

/** Options of {@link trainEagle3}. */
export interface TrainEagle3Options {
  readonly runtime: TensorRuntime;
  /** Head architecture (its `vocabSize` / `draftVocabSize` match `embedding` and `vocab`). */
  readonly config: Eagle3HeadConfig;
  /** `[V, h]` frozen target embedding (fed as data, not trained, not saved). */
  readonly embedding: Float32Array;
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
  /** Peak learning rate (default 3e-3); linear warm-up, cosine decay to 10 %. */
  readonly lr?: number;
  readonly warmupSteps?: number;
  /** AdamW settings (default β2 0.95, weight decay 0, clipping 0.5 as EAGLE-3). */
  readonly optimizer?: AdamWOptions;
  readonly seed?: number;
  /** Initial tensors by SpecForge name (default: fresh, from `seed`). */
  readonly init?: Readonly<Record<string, Float32Array>>;
  readonly session?: LoadModelOptions;
  /** Progress bar target (default none). */
  readonly progress?: ProgressStream;
  /** Called after every update. */
  readonly onStep?: (step: number, loss: number) => void;
}

/** A trained head and how training went. */
export interface TrainEagle3Result {
  readonly head: Eagle3HeadWeights;
  readonly losses: readonly number[];
  readonly seconds: number;
  /** Data rows (sequence positions) per second, every unrolled step counted once. */
  readonly tokensPerSecond: number;
  /** Estimated training FLOP/s: 6 · params · rows · T plus attention, divided by time. */
  readonly gflopPerSecond: number;
  readonly parameters: number;
  readonly settings: Readonly<Record<string, number>>;
}

/**
 * Trains an EAGLE-3 head with the training-time test (confu-spec.md §6) on in-memory records:
 * epochs of seeded shuffles in batches of `batch`, AdamW, warm-up + cosine schedule.
 * @throws ConfuError `INVALID_ARGUMENT` for inconsistent inputs.
 */
export async function trainEagle3(options: TrainEagle3Options): Promise<TrainEagle3Result> {
  const { config, records, steps } = options;
  assertArgument(records.length > 0, 'no training records');
  assertArgument(
    Number.isInteger(steps) && steps >= 1,
    `steps must be a positive integer, got ${steps}`,
  );
  assertArgument(
    options.embedding.length === config.vocabSize * config.hiddenSize,
    `embedding has ${options.embedding.length} floats, expected ${config.vocabSize}·${config.hiddenSize}`,
  );
  const longest = records.reduce((max, record) => Math.max(max, record.tokens.length), 0);
  const batch = Math.min(options.batch ?? 8, records.length);
  const seq = options.seq ?? Math.min(512, Math.max(1, longest - 1));
  const tttSteps = options.tttSteps ?? 7;
  const lr = options.lr ?? 3e-3;
  const warmupSteps = options.warmupSteps ?? Math.min(100, Math.ceil(steps / 20));
  const shape = { head: config, batch, seq, tttSteps, stepDecay: 0.8 };
  const seed = options.seed ?? 0;
  const trainer = await createTrainer({
    runtime: options.runtime,
    buildForward: buildEagle3TttGraph(shape),
    initialParams: options.init ?? initialEagle3Parameters(config, createSeededRandom(seed + 1)),
    optimizer: { beta1: 0.9, beta2: 0.95, weightDecay: 0, maxGradNorm: 0.5, ...options.optimizer },
    schedule: createLrSchedule({
      peak: lr,
      warmupSteps,
      totalSteps: steps,
      decay: 'cosine',
      minimum: lr / 10,
    }),
    seed,
    ...(options.session ? { session: options.session } : {}),
  });
  const toDraft = targetToDraftIds(options.vocab.targetIds, config.vocabSize);
  const embedding = createTensor('float32', options.embedding, [
    config.vocabSize,
    config.hiddenSize,
  ]);
  const { losses, rows, seconds } = await runHeadTraining(trainer, {
    records,
    steps,
    batch,
    seq,
    feeds: (picked) => {
      const data = eagle3BatchFeeds(picked, shape, toDraft);
      return { feeds: { ...data.feeds, [eagle3TttInputs.embedding]: embedding }, rows: data.rows };
    },
    progress: options.progress,
    onStep: options.onStep,
  });
  const params = trainer.parameters();
  await trainer.dispose();
  const parameterCount = eagle3ParameterCount(config);
  const { numHeads: H, headDim: D } = config;
  // Per unrolled step and row: 6·P (forward + backward) and 3 × 4·S·H·D for the attention.
  const flops = rows * tttSteps * (6 * parameterCount + 12 * seq * H * D);
  return {
    head: eagle3HeadFromParameters(
      config,
      Object.fromEntries(Object.entries(params).map(([name, tensor]) => [name, tensor.data])),
      options.vocab,
    ),
    losses,
    seconds,
    tokensPerSecond: rows / seconds,
    gflopPerSecond: flops / seconds / 1e9,
    parameters: parameterCount,
    settings: { steps, batch, seq, tttSteps, lr, warmupSteps, seed, stepDecay: 0.8 },
  };
}
