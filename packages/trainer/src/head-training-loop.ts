import type { TrainingRecord } from './data/training-record.js';
import { createProgressBar } from './progress-bar.js';
import type { ProgressStream } from './progress-bar.js';
import type { SeededRandom } from './seeded-random.js';
import type { Trainer } from './trainer.js';
import type { BatchFeeds } from './training-step.js';

/** What {@link runHeadTraining} needs besides the trainer. */
export interface HeadTrainingLoop {
  readonly records: readonly TrainingRecord[];
  readonly steps: number;
  readonly batch: number;
  /** Rows per sequence (for the progress bar's token rate). */
  readonly seq: number;
  /** Feeds of one batch of records, and the data rows it holds. */
  readonly feeds: (picked: readonly TrainingRecord[]) => { feeds: BatchFeeds; rows: number };
  readonly progress?: ProgressStream | undefined;
  readonly onStep?: ((step: number, loss: number) => void) | undefined;
}

/**
 * The draft-head training loop shared by EAGLE-3 and ConFu: epochs of seeded shuffles (from the
 * trainer's random source) in batches of `batch` records, one optimizer update per batch.
 * Returns the losses, the data rows seen and the seconds spent.
 */
export async function runHeadTraining(
  trainer: Trainer,
  loop: HeadTrainingLoop,
): Promise<{ losses: number[]; rows: number; seconds: number }> {
  const { records, steps, batch } = loop;
  const meanRows =
    records.reduce((sum, r) => sum + Math.min(r.tokens.length - 1, loop.seq), 0) / records.length;
  const bar = loop.progress
    ? createProgressBar({
        totalSteps: steps,
        tokensPerStep: Math.round(meanRows * batch),
        stream: loop.progress,
      })
    : undefined;
  const losses: number[] = [];
  let order: number[] = [];
  let cursor = 0;
  let rows = 0;
  const started = performance.now();
  try {
    for (let step = 1; step <= steps; step++) {
      if (cursor + batch > order.length) {
        order = shuffled(records.length, trainer.random);
        cursor = 0;
      }
      const picked = order
        .slice(cursor, cursor + batch)
        .map((index) => records[index] as TrainingRecord);
      cursor += batch;
      const data = loop.feeds(picked);
      rows += data.rows;
      const result = await trainer.step(data.feeds);
      losses.push(result.loss);
      bar?.update(step, `loss ${result.loss.toFixed(4)}`);
      loop.onStep?.(step, result.loss);
    }
  } finally {
    bar?.finish();
  }
  return { losses, rows, seconds: (performance.now() - started) / 1000 };
}

function shuffled(count: number, random: SeededRandom): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  for (let i = count - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}
