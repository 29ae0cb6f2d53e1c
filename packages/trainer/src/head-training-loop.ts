import type { TrainingRecord } from './data/training-record.js';
import type { Trainer } from './trainer.js';
import type { BatchFeeds } from './training-step.js';
import { createEpochSampler } from './training/epoch-sampler.js';
import { runUpdates } from './training/update-loop.js';
import type { RunControl } from './training/update-loop.js';

/** What {@link runHeadTraining} needs besides the trainer. */
export interface HeadTrainingLoop extends RunControl {
  readonly records: readonly TrainingRecord[];
  readonly steps: number;
  readonly batch: number;
  /** Rows per sequence (for the progress bar's token rate). */
  readonly seq: number;
  /** Feeds of one batch of records, and the data rows it holds. */
  readonly feeds: (picked: readonly TrainingRecord[]) => { feeds: BatchFeeds; rows: number };
}

/**
 * The draft-head training loop shared by EAGLE-3 and ConFu: epochs of seeded shuffles (from the
 * trainer's random source) in batches of `batch` records, one optimizer update per batch, with
 * checkpoints and resuming (`runUpdates`). Returns the losses, the data rows seen and the seconds
 * spent.
 */
export async function runHeadTraining(
  trainer: Trainer,
  loop: HeadTrainingLoop,
): Promise<{ losses: number[]; rows: number; seconds: number }> {
  const { records, batch } = loop;
  const meanRows =
    records.reduce((sum, r) => sum + Math.min(r.tokens.length - 1, loop.seq), 0) / records.length;
  const run = await runUpdates(trainer, {
    ...loop,
    sampler: createEpochSampler(records.length, batch, trainer.random),
    rowsPerStep: Math.round(meanRows * batch),
    update: async (indices) => {
      const data = loop.feeds(indices.map((index) => records[index] as TrainingRecord));
      const result = await trainer.step(data.feeds);
      return { loss: result.loss, rows: data.rows };
    },
  });
  return { losses: run.losses, rows: run.rows, seconds: run.seconds };
}
