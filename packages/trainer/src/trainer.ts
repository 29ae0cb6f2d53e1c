import { ConfuError } from '@confu/errors';
import type { LoadModelOptions, ModelSession, Tensor, TensorRuntime } from '@confu/core';
import { resolveAdamW } from './optimizer/adamw-options.js';
import type { AdamWOptions } from './optimizer/adamw-options.js';
import type { LrSchedule } from './optimizer/lr-schedule.js';
import { createSeededRandom } from '@confu/sampler';
import type { SeededRandom } from '@confu/sampler';
import { buildTrainingGraph } from './training/build-training-graphs.js';
import type { TrainingGraphKind } from './training/build-training-graphs.js';
import { decodeCheckpoint, encodeCheckpoint } from './training/checkpoint.js';
import { recordForward } from './training/record-forward.js';
import type { BuildForward } from './training/record-forward.js';
import { trainingNames } from './training/training-names.js';
import { initialState, zeroGradientSums } from './training/training-state.js';
import { runTrainingStep } from './training-step.js';
import type { BatchFeeds, StepContext, StepResult } from './training-step.js';

/** Options of {@link createTrainer}. */
export interface TrainerOptions {
  readonly runtime: TensorRuntime;
  /** Builds the forward graph and names its loss and parameters (called once per compiled graph). */
  readonly buildForward: BuildForward;
  /** Initial values of parameters declared as graph inputs; initializer parameters default to their data. */
  readonly initialParams?: Readonly<Record<string, Float32Array>>;
  readonly optimizer?: AdamWOptions;
  /** Learning rate per update (1-based), or a constant. */
  readonly schedule: LrSchedule | number;
  /** Micro-batches per update; `step()` then takes that many batches. Default 1. */
  readonly accumulation?: number;
  /** Seeds {@link Trainer.random}. Default 0. */
  readonly seed?: number;
  /** Session options of the compiled graphs (e.g. `numThreads`). */
  readonly session?: LoadModelOptions;
}

/** A compiled training loop over ONNX graphs. */
export interface Trainer {
  readonly parameterNames: readonly string[];
  /** Names of the graph inputs each batch must feed. */
  readonly batchInputNames: readonly string[];
  /** Completed updates. */
  readonly updates: number;
  /** The trainer's random source (data sampling); saved in and restored from checkpoints. */
  readonly random: SeededRandom;
  /** One optimizer update: a batch, or `accumulation` micro-batches. */
  step(batch: BatchFeeds | readonly BatchFeeds[]): Promise<StepResult>;
  /** The loss on `batch` with the current parameters (a forward-only graph, compiled on first use). */
  evaluate(batch: BatchFeeds): Promise<number>;
  /** Current parameter values (not copies: do not modify). */
  parameters(): Record<string, Tensor<'float32'>>;
  /** Parameters, Adam moments, update count and random state as safetensors bytes. */
  saveCheckpoint(metadata?: Readonly<Record<string, string>>): Uint8Array;
  /** Restores a {@link Trainer.saveCheckpoint} of the same model; returns its extra metadata. */
  loadCheckpoint(bytes: Uint8Array): Promise<Record<string, string>>;
  dispose(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Compiles the training-step graph (forward + backward + clipping + AdamW; plus a gradient-sum
 * graph when accumulating) and returns a {@link Trainer}. Parameters, moments and running sums
 * live in JavaScript between runs: inputs are wrapped without copies and outputs fed back as-is.
 *
 * Accumulation uses an accumulate-then-apply pair rather than summing gradients in TypeScript:
 * the sums stay in graph tensors (no JS loops over every weight), and the last micro-batch runs
 * the fused step graph, so an update costs k runs, not k + 1.
 * @throws ConfuError `INVALID_ARGUMENT` for invalid options or graphs; `UNSUPPORTED` for an op
 * without a gradient rule; `MODEL_LOAD_FAILED` from the runtime.
 */
export async function createTrainer(options: TrainerOptions): Promise<Trainer> {
  const accumulation = options.accumulation ?? 1;
  if (!Number.isInteger(accumulation) || accumulation < 1) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `accumulation must be a positive integer, got ${accumulation}`,
    );
  }
  const adamw = resolveAdamW(options.optimizer);
  const schedule = options.schedule;
  const learningRate = typeof schedule === 'number' ? () => schedule : schedule;
  const load = async (kind: TrainingGraphKind): Promise<ModelSession> => {
    const graph = buildTrainingGraph(options.buildForward, { kind, adamw, accumulation });
    return options.runtime.loadModel(graph.source, options.session);
  };
  const forward = recordForward(options.buildForward);
  const { parameters } = forward;
  let state = initialState(parameters, options.initialParams);
  const random = createSeededRandom(options.seed ?? 0);
  const context: StepContext = {
    step: await load('step'),
    accumulate: accumulation > 1 ? await load('accumulate') : undefined,
    parameters,
    batchInputs: new Set(forward.batchInputs.map((input) => input.name)),
    adamw,
    zeroSums: zeroGradientSums(accumulation > 1 ? parameters : []),
  };
  let evaluator: Promise<ModelSession> | undefined;

  const trainer: Trainer = {
    parameterNames: parameters.map((p) => p.name),
    batchInputNames: [...context.batchInputs],
    get updates() {
      return state.updates;
    },
    random,
    async step(batch) {
      const batches = Array.isArray(batch)
        ? (batch as readonly BatchFeeds[])
        : [batch as BatchFeeds];
      if (batches.length !== accumulation) {
        throw new ConfuError(
          'INVALID_ARGUMENT',
          `step() needs ${accumulation} micro-batch(es), got ${batches.length}`,
        );
      }
      return runTrainingStep(context, state, batches, learningRate(state.updates + 1));
    },
    async evaluate(batch) {
      evaluator ??= load('evaluate');
      const outputs = await (
        await evaluator
      ).run({ ...batch, ...Object.fromEntries(state.params) });
      return outputs[trainingNames.loss]?.data[0] as number;
    },
    parameters: () => Object.fromEntries(state.params),
    saveCheckpoint: (metadata) =>
      encodeCheckpoint(state, { randomState: random.state(), ...(metadata && { metadata }) }),
    async loadCheckpoint(bytes) {
      const decoded = await decodeCheckpoint(bytes, parameters);
      state = decoded.state;
      random.restore(decoded.randomState);
      return decoded.metadata;
    },
    async dispose() {
      await Promise.all([
        context.step.dispose(),
        context.accumulate?.dispose(),
        evaluator?.then((s) => s.dispose()),
      ]);
    },
    [Symbol.asyncDispose]: () => trainer.dispose(),
  };
  return trainer;
}
