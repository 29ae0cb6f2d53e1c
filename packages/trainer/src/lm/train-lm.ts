import { assertArgument } from '@confu/errors';
import type { DecoderConfig } from '@confu/checkpoint';
import type { LoadModelOptions, TensorRuntime } from '@confu/core';
import type { TrainingRecord } from '../data/training-record.js';
import type { AdamWOptions } from '../optimizer/adamw-options.js';
import { createLrSchedule } from '../optimizer/lr-schedule.js';
import { createSeededRandom } from '@confu/sampler';
import { createTrainer } from '../trainer.js';
import { createEpochSampler } from '../training/epoch-sampler.js';
import { runControlOf, runUpdates } from '../training/update-loop.js';
import type { Evaluation, RunControl } from '../training/update-loop.js';
import { buildLmGraph } from './build-lm-graph.js';
import { createLmEvaluator } from './lm-evaluator.js';
import { lmRecordBatch, lmTokenBatch, packDocuments } from './lm-batches.js';
import { initialLmParameters, lmParameterCount } from './lm-parameters.js';
import type { LmShape } from './lm-shape.js';

/** What an LM trains on. */
export type LmData =
  /** Token documents (each `BOS … EOS`), packed into sequences: causal cross-entropy. */
  | { readonly kind: 'documents'; readonly documents: readonly ArrayLike<number>[] }
  /**
   * Records of a teacher with the same vocabulary (`confu data`): one record per batch row, soft
   * cross-entropy against `teacherWeight · teacher + (1 − teacherWeight) · next token` (default 1).
   */
  | {
      readonly kind: 'records';
      readonly records: readonly TrainingRecord[];
      readonly teacherWeight?: number;
    };

/** Options of {@link trainLm}. */
export interface TrainLmOptions extends RunControl {
  readonly runtime: TensorRuntime;
  /** The decoder to train (Llama: no q/k/v biases, no q/k norms). */
  readonly config: DecoderConfig;
  readonly data: LmData;
  /** Held-out documents (`BOS … EOS`): their mean next-token loss every `evalEvery` updates. */
  readonly evalDocuments?: readonly ArrayLike<number>[];
  /** Default 100. */
  readonly evalEvery?: number;
  /** Optimizer updates. */
  readonly steps: number;
  /** Sequences per micro-batch (default 8). */
  readonly batch?: number;
  /** Tokens per sequence (default min(512, context length)). */
  readonly seq?: number;
  /** Micro-batches per update (default 1). */
  readonly accumulation?: number;
  /** Peak learning rate (default 3e-3); linear warm-up, cosine decay to 10 %. */
  readonly lr?: number;
  /** Default min(100, steps / 20). */
  readonly warmupSteps?: number;
  /** Default β = (0.9, 0.95), weight decay 0.1 on matrices, clipping at 1. */
  readonly optimizer?: AdamWOptions;
  readonly seed?: number;
  /** Initial tensors by LM parameter name (default: fresh, from `seed`). */
  readonly init?: Readonly<Record<string, Float32Array>>;
  readonly session?: LoadModelOptions;
}

/** A trained LM and how training went. */
export interface TrainLmResult {
  /** Trained tensors by LM parameter name (`decoderWeightsFromLm` turns them into a decoder). */
  readonly params: Record<string, Float32Array>;
  /** Losses of the updates this call ran. */
  readonly losses: readonly number[];
  /** Held-out mean next-token losses (nats per token). */
  readonly evaluations: readonly Evaluation[];
  /** The last completed update (`steps` unless stopped early). */
  readonly lastStep: number;
  readonly seconds: number;
  /** Scored token rows per second. */
  readonly tokensPerSecond: number;
  /** Estimated training FLOP/s: 6 · (body + head) parameters per token plus attention. */
  readonly gflopPerSecond: number;
  readonly parameters: number;
  readonly settings: Readonly<Record<string, number | string>>;
}

/**
 * Trains a Llama-family language model from scratch (or from `init`) on ONNX Runtime: packed
 * token documents with causal cross-entropy, or a teacher's distributions (distillation), with
 * AdamW, warm-up + cosine schedule, gradient accumulation, a held-out loss, checkpoints and
 * bit-exact resuming ({@link RunControl}).
 * @throws ConfuError `INVALID_ARGUMENT` for inconsistent options.
 */
export async function trainLm(options: TrainLmOptions): Promise<TrainLmResult> {
  const { config, data, steps } = options;
  assertArgument(Number.isInteger(steps) && steps >= 1, `steps must be ≥ 1, got ${steps}`);
  const batch = options.batch ?? 8;
  const seq = options.seq ?? Math.min(512, config.contextLength);
  const accumulation = options.accumulation ?? 1;
  const lr = options.lr ?? 3e-3;
  const warmupSteps = options.warmupSteps ?? Math.min(100, Math.ceil(steps / 20));
  const seed = options.seed ?? 0;
  const evalEvery = options.evalEvery ?? 100;
  const teacherWeight = data.kind === 'records' ? (data.teacherWeight ?? 1) : 0;
  assertArgument(
    teacherWeight >= 0 && teacherWeight <= 1,
    `teacherWeight must be in [0, 1], got ${teacherWeight}`,
  );
  const shape: LmShape = {
    config,
    batch,
    seq,
    loss: data.kind === 'documents' ? 'labels' : 'distribution',
  };
  const trainer = await createTrainer({
    runtime: options.runtime,
    buildForward: buildLmGraph(shape),
    initialParams: options.init ?? initialLmParameters(config, createSeededRandom(seed + 1)),
    optimizer: { beta1: 0.9, beta2: 0.95, weightDecay: 0.1, maxGradNorm: 1, ...options.optimizer },
    schedule: createLrSchedule({
      peak: lr,
      warmupSteps,
      totalSteps: steps,
      decay: 'cosine',
      minimum: lr / 10,
    }),
    accumulation,
    seed,
    ...(options.session ? { session: options.session } : {}),
  });
  const packed = data.kind === 'documents' ? packDocuments(data.documents, seq) : undefined;
  const items = packed
    ? packed.sequences
    : (data as { records: readonly TrainingRecord[] }).records.length;
  const microBatch = (indices: readonly number[]) =>
    packed
      ? lmTokenBatch(packed, indices, batch)
      : lmRecordBatch(
          indices.map(
            (index) =>
              (data as { records: readonly TrainingRecord[] }).records[index] as TrainingRecord,
          ),
          { batch, seq, vocabSize: config.vocabSize },
          teacherWeight,
        );
  const evaluator =
    options.evalDocuments && options.evalDocuments.length > 0
      ? await createLmEvaluator(options.runtime, shape, options.evalDocuments, options.session)
      : undefined;
  try {
    const run = await runUpdates(trainer, {
      ...runControlOf(options),
      steps,
      sampler: createEpochSampler(items, batch * accumulation, trainer.random),
      rowsPerStep: batch * accumulation * seq,
      update: async (indices) => {
        const parts = Array.from({ length: accumulation }, (_, part) =>
          microBatch(indices.slice(part * batch, (part + 1) * batch)),
        );
        const result = await trainer.step(parts.map((part) => part.feeds));
        return { loss: result.loss, rows: parts.reduce((sum, part) => sum + part.rows, 0) };
      },
      ...(evaluator
        ? { evaluate: { every: evalEvery, run: () => evaluator.loss(trainer.parameters()) } }
        : {}),
    });
    const params = Object.fromEntries(
      Object.entries(trainer.parameters()).map(([name, tensor]) => [name, tensor.data]),
    );
    const parameters = lmParameterCount(config);
    const { hiddenSize: h, vocabSize: V, numLayers: L } = config;
    const embedding = V * h;
    const matmulParameters = parameters - (config.tiedEmbeddings ? 0 : embedding);
    const flops = run.rows * (6 * matmulParameters + 12 * seq * h * L);
    return {
      params,
      losses: run.losses,
      evaluations: run.evaluations,
      lastStep: run.lastStep,
      seconds: run.seconds,
      tokensPerSecond: run.rows / run.seconds,
      gflopPerSecond: flops / run.seconds / 1e9,
      parameters,
      settings: {
        steps,
        batch,
        seq,
        accumulation,
        lr,
        warmupSteps,
        seed,
        loss: shape.loss,
        ...(data.kind === 'records' ? { teacherWeight } : {}),
        sequences: items,
        ...(packed ? { trainingTokens: packed.tokens.length } : {}),
      },
    };
  } finally {
    await Promise.all([trainer.dispose(), evaluator?.dispose()]);
  }
}
