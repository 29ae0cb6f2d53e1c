import { assertArgument } from '@confu/errors';
import type { Eagle3HeadConfig, Eagle3HeadWeights } from '@confu/checkpoint';
import { createTensor } from '@confu/runtime';
import { createHeadTrainer, resolveHeadTraining } from '../head-training.js';
import type { HeadTrainingOptions, HeadTrainingResult } from '../head-training.js';
import { runHeadTraining } from '../head-training-loop.js';
import { runControlOf } from '../training/update-loop.js';
import { createSeededRandom } from '@confu/sampler';
import { buildEagle3TttGraph } from './build-eagle3-ttt-graph.js';
import { eagle3BatchFeeds, targetToDraftIds } from './eagle3-batch.js';
import {
  eagle3HeadFromParameters,
  eagle3ParameterCount,
  initialEagle3Parameters,
} from './eagle3-parameters.js';
import { eagle3TttInputs } from './eagle3-ttt-shape.js';

/** Options of {@link trainEagle3} (default peak learning rate 3e-3). */
export interface TrainEagle3Options extends HeadTrainingOptions {
  /** Head architecture (its `vocabSize` / `draftVocabSize` match `embedding` and `vocab`). */
  readonly config: Eagle3HeadConfig;
  /** `[V, h]` frozen target embedding (fed as data, not trained, not saved). */
  readonly embedding: Float32Array;
}

/** A trained EAGLE-3 head and how training went (FLOP/s: 6 · params · rows · T plus attention). */
export type TrainEagle3Result = HeadTrainingResult<Eagle3HeadWeights>;

/**
 * Trains an EAGLE-3 head with the training-time test (confu-spec.md §6) on in-memory records:
 * epochs of seeded shuffles in batches of `batch`, AdamW, warm-up + cosine schedule.
 * @throws ConfuError `INVALID_ARGUMENT` for inconsistent inputs.
 */
export async function trainEagle3(options: TrainEagle3Options): Promise<TrainEagle3Result> {
  const { config, records, steps } = options;
  const settings = resolveHeadTraining(options, 3e-3);
  const { batch, seq, tttSteps, lr, warmupSteps, seed } = settings;
  assertArgument(
    options.embedding.length === config.vocabSize * config.hiddenSize,
    `embedding has ${options.embedding.length} floats, expected ${config.vocabSize}·${config.hiddenSize}`,
  );
  const shape = { head: config, batch, seq, tttSteps, stepDecay: 0.8 };
  const trainer = await createHeadTrainer(options, settings, {
    buildForward: buildEagle3TttGraph(shape),
    initialParams: options.init ?? initialEagle3Parameters(config, createSeededRandom(seed + 1)),
  });
  const toDraft = targetToDraftIds(options.vocab.targetIds, config.vocabSize);
  const embedding = createTensor('float32', options.embedding, [
    config.vocabSize,
    config.hiddenSize,
  ]);
  let run: { losses: number[]; rows: number; seconds: number };
  let params: ReturnType<typeof trainer.parameters>;
  try {
    run = await runHeadTraining(trainer, {
      records,
      steps,
      batch,
      seq,
      feeds: (picked) => {
        const data = eagle3BatchFeeds(picked, shape, toDraft);
        return {
          feeds: { ...data.feeds, [eagle3TttInputs.embedding]: embedding },
          rows: data.rows,
        };
      },
      ...runControlOf(options),
    });
    params = trainer.parameters();
  } finally {
    await trainer.dispose();
  }
  const { losses, rows, seconds } = run;
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
