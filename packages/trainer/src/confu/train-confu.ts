import { assertArgument } from '@confu/errors';
import { defaultTapLayers } from '@confu/model-builder';
import type { ConfuHeadWeights, DecoderWeights } from '@confu/checkpoint';
import { createTensor } from '@confu/runtime';
import { targetToDraftIds } from '../eagle3/eagle3-batch.js';
import { eagle3ParameterCount, initialEagle3Parameters } from '../eagle3/eagle3-parameters.js';
import { eagle3TttInputs } from '../eagle3/eagle3-ttt-shape.js';
import { createHeadTrainer, resolveHeadTraining } from '../head-training.js';
import type { HeadTrainingOptions, HeadTrainingResult } from '../head-training.js';
import { runHeadTraining } from '../head-training-loop.js';
import { runControlOf } from '../training/update-loop.js';
import { createSeededRandom } from '@confu/sampler';
import { buildConfuTttGraph } from './build-confu-ttt-graph.js';
import { confuBatchFeeds } from './confu-batch.js';
import { confuHeadFromParameters, initialConfuParameters } from './confu-parameters.js';
import type { ConfuTrainHeadConfig, ConfuTttShape } from './confu-ttt-shape.js';

/** Options of {@link trainConfu} (default peak learning rate 1e-3). */
export interface TrainConfuOptions extends HeadTrainingOptions {
  /** Head architecture with its `confu` section (mode, soft prompt, experts, top-K). */
  readonly config: ConfuTrainHeadConfig;
  /** The frozen target (constants of the training graph; nothing of it is saved). */
  readonly target: DecoderWeights;
  /** Tap layers of the records (default `defaultTapLayers(L)`). */
  readonly tapLayers?: readonly number[];
  /** Anchors per sequence `K_train` (default 64). */
  readonly anchors?: number;
  /** Future prediction replication `l` (default 4). */
  readonly replication?: number;
  /** Extra `[con]` router lag drawn uniformly in 0 … routerLag (default 0, see `AnchorOptions`). */
  readonly routerLag?: number;
  /**
   * Learning-rate multiplier of the ConFu tensors (soft prompt, MoEs), which start from scratch
   * next to a trained draft (default 1).
   */
  readonly confuLrScale?: number;
  /** Source of `f` (default `contemplate`; `next-taps` is a diagnostic upper bound, see {@link ConfuTttShape}). */
  readonly future?: 'contemplate' | 'next-taps';
  /** Diagnostic: layers of the contemplate taps that form `f` (default the tap layers). */
  readonly futureLayers?: readonly number[];
  /**
   * Initial tensors by name: the draft's (SpecForge names, from a trained EAGLE-3 head as ConFu
   * does) and optionally `confu.*` ones (to continue a ConFu head). Missing ConFu tensors are
   * initialised fresh; a missing draft starts from scratch.
   */
  readonly init?: Readonly<Record<string, Float32Array>>;
}

/** A trained ConFu head and how training went. */
export type TrainConfuResult = HeadTrainingResult<ConfuHeadWeights, number | string>;

/**
 * Trains a ConFu head (confu-spec.md §7.8) on in-memory records: the frozen target runs inside
 * the training graph, gradients reach the soft prompt and the `[con]` MoE through it, and the draft
 * (usually initialised from a trained EAGLE-3 head) learns to use the `[f]` slot
 * ({@link buildConfuTttGraph}). Anchors are resampled every batch from the trainer's seeded random
 * source. Same schedule and optimiser as `trainEagle3`.
 * @throws ConfuError `INVALID_ARGUMENT` for inconsistent inputs.
 */
export async function trainConfu(options: TrainConfuOptions): Promise<TrainConfuResult> {
  const { config, records, steps, target } = options;
  const settings = resolveHeadTraining(options, 1e-3);
  const { batch, seq, tttSteps, lr, warmupSteps, seed } = settings;
  const replication = options.replication ?? 4;
  assertArgument(
    Number.isInteger(replication) && replication >= 1,
    `replication must be a positive integer, got ${replication}`,
  );
  const routerLag = options.routerLag ?? 0;
  assertArgument(
    Number.isInteger(routerLag) && routerLag >= 0,
    `routerLag must be a non-negative integer, got ${routerLag}`,
  );
  const anchors = options.anchors ?? 64;
  const confuLrScale = options.confuLrScale ?? 1;
  assertArgument(confuLrScale > 0, `confuLrScale must be positive, got ${confuLrScale}`);
  const shape: ConfuTttShape = {
    head: config,
    target: target.config,
    tapLayers: options.tapLayers ?? defaultTapLayers(target.config.numLayers),
    batch,
    seq,
    tttSteps,
    stepDecay: 0.8,
    anchors,
    ...(options.future ? { future: options.future } : {}),
    ...(options.futureLayers ? { futureLayers: options.futureLayers } : {}),
  };
  const random = createSeededRandom(seed + 1);
  const initialParams = {
    ...initialEagle3Parameters(config, random),
    ...initialConfuParameters(config, target.embedding, random),
    ...options.init,
  };
  const trainer = await createHeadTrainer(options, settings, {
    buildForward: buildConfuTttGraph(shape, target),
    initialParams,
    lrScale: (name) => (name.startsWith('confu.') ? confuLrScale : 1),
  });
  const toDraft = targetToDraftIds(options.vocab.targetIds, config.vocabSize);
  const embedding = createTensor('float32', target.embedding, [
    config.vocabSize,
    config.hiddenSize,
  ]);
  let covered = 0;
  let run: { losses: number[]; rows: number; seconds: number };
  let params: Record<string, Float32Array>;
  try {
    run = await runHeadTraining(trainer, {
      records,
      steps,
      batch,
      seq,
      feeds: (picked) => {
        const data = confuBatchFeeds(picked, shape, toDraft, {
          replication,
          routerLag,
          random: trainer.random,
        });
        covered += data.covered;
        return {
          feeds: { ...data.feeds, [eagle3TttInputs.embedding]: embedding },
          rows: data.rows,
        };
      },
      ...runControlOf(options),
    });
    params = Object.fromEntries(
      Object.entries(trainer.parameters()).map(([name, tensor]) => [name, tensor.data]),
    );
  } finally {
    await trainer.dispose();
  }
  const head = confuHeadFromParameters(config, params, options.vocab);
  const draftParameters = eagle3ParameterCount(config);
  const parameters = Object.values(params).reduce((sum, data) => sum + data.length, 0);
  const { numHeads: H, headDim: D } = config;
  const t = target.config;
  const layerParameters =
    t.hiddenSize * (t.numHeads + 2 * t.numKvHeads) * t.headDim +
    t.numHeads * t.headDim * t.hiddenSize +
    3 * t.hiddenSize * t.intermediateSize;
  const targetLayers = Math.max(...(shape.futureLayers ?? shape.tapLayers));
  const extraRows = config.confu.softPromptLength + anchors * batch;
  // Draft: 6·P per unrolled step and row (+ the plain step 0) plus attention; target: forward-only
  // sequence rows (2·P) and trained extra rows (6·P) through the layers below the top tap.
  const flops =
    run.rows * (tttSteps + 1) * (6 * draftParameters + 12 * seq * H * D) +
    steps * targetLayers * layerParameters * (2 * batch * seq + 6 * extraRows);
  return {
    head,
    losses: run.losses,
    seconds: run.seconds,
    tokensPerSecond: run.rows / run.seconds,
    gflopPerSecond: flops / run.seconds / 1e9,
    parameters,
    settings: {
      steps,
      batch,
      seq,
      tttSteps,
      anchors,
      replication,
      routerLag,
      lr,
      confuLrScale,
      warmupSteps,
      seed,
      stepDecay: 0.8,
      mode: config.confu.mode,
      softPromptLength: config.confu.softPromptLength,
      ...(config.confu.mode === 'moe'
        ? { numExperts: config.confu.numExperts, topK: config.confu.topK }
        : {}),
      tapLayers: shape.tapLayers.join(','),
      future: shape.future ?? 'contemplate',
      futureLayers: (shape.futureLayers ?? shape.tapLayers).join(','),
      coveredRowsPerUpdate: Math.round(covered / steps),
    },
  };
}
