import { createProgressBar } from '../progress-bar.js';
import type { ProgressStream } from '../progress-bar.js';
import type { Trainer } from '../trainer.js';
import type { EpochSampler } from './epoch-sampler.js';

/** Where and how often a run writes its checkpoints. */
export interface CheckpointSink {
  /** Updates between checkpoints (0 = only when stopped early or interrupted). */
  readonly every: number;
  /** Receives the trainer checkpoint after update `step` (e.g. writes it to a file). */
  readonly write: (bytes: Uint8Array, step: number) => Promise<void>;
}

/** How a run starts, stops and saves: the options every training method shares. */
export interface RunControl {
  /** A checkpoint of the same run (same options and data) to continue from. */
  readonly resume?: Uint8Array | undefined;
  readonly checkpoint?: CheckpointSink | undefined;
  /** Stop after this update, as an interruption would (a checkpoint is written). */
  readonly stopAfter?: number | undefined;
  /** Aborting ends the run after the current update, with a checkpoint. */
  readonly signal?: AbortSignal | undefined;
  /** Progress bar target (default none). */
  readonly progress?: ProgressStream | undefined;
  /** Called after every update. */
  readonly onStep?: ((step: number, loss: number) => void) | undefined;
}

/** The {@link RunControl} fields of a method's options (to pass them on). */
export function runControlOf(options: RunControl): RunControl {
  const { resume, checkpoint, stopAfter, signal, progress, onStep } = options;
  return { resume, checkpoint, stopAfter, signal, progress, onStep };
}

/** What {@link runUpdates} needs besides {@link RunControl}. */
export interface UpdateLoop extends RunControl {
  readonly steps: number;
  readonly sampler: EpochSampler;
  /** Runs one optimizer update on the sampled items; returns its loss and the data rows it held. */
  readonly update: (indices: readonly number[]) => Promise<{ loss: number; rows: number }>;
  /** Data rows per update, for the progress bar's tokens/s. */
  readonly rowsPerStep: number;
  /** A held-out loss every `every` updates and after the last (LM training). */
  readonly evaluate?: { readonly every: number; readonly run: () => Promise<number> };
}

/** A held-out loss after update `step`. */
export interface Evaluation {
  readonly step: number;
  readonly loss: number;
}

/** How a run went. */
export interface UpdateLoopResult {
  /** Losses of the updates this call ran (after the resumed one, if any). */
  readonly losses: number[];
  readonly evaluations: Evaluation[];
  readonly rows: number;
  readonly seconds: number;
  /** The update count when this call started (0, or the resumed checkpoint's). */
  readonly startStep: number;
  /** The last completed update (`steps` unless stopped early). */
  readonly lastStep: number;
}

const samplerKey = 'loop.sampler';

/**
 * The update loop every training method shares: restores a checkpoint (parameters, moments, the
 * trainer's random state and the data order) when resuming, then runs updates to `steps` on
 * batches from `sampler`, with a progress bar (loss, held-out loss, tokens/s, ETA), periodic
 * checkpoints, and an early stop (`stopAfter` or `signal`) that saves a checkpoint first.
 * A resumed run gives bit-identical parameters to an uninterrupted one.
 */
export async function runUpdates(trainer: Trainer, loop: UpdateLoop): Promise<UpdateLoopResult> {
  if (loop.resume) {
    const metadata = await trainer.loadCheckpoint(loop.resume);
    const state = metadata[samplerKey];
    if (state !== undefined) loop.sampler.restore(state);
  }
  const startStep = trainer.updates;
  const bar = loop.progress
    ? createProgressBar({
        totalSteps: loop.steps,
        tokensPerStep: loop.rowsPerStep,
        stream: loop.progress,
      })
    : undefined;
  const save = async (step: number): Promise<void> => {
    await loop.checkpoint?.write(
      trainer.saveCheckpoint({ [samplerKey]: loop.sampler.state() }),
      step,
    );
  };
  const losses: number[] = [];
  const evaluations: Evaluation[] = [];
  let rows = 0;
  let lastStep = startStep;
  const started = performance.now();
  try {
    for (let step = startStep + 1; step <= loop.steps; step++) {
      const result = await loop.update(loop.sampler.next());
      rows += result.rows;
      losses.push(result.loss);
      lastStep = step;
      const { evaluate } = loop;
      if (evaluate && (step % evaluate.every === 0 || step === loop.steps)) {
        evaluations.push({ step, loss: await evaluate.run() });
      }
      const held = evaluations.at(-1);
      bar?.update(
        step,
        `loss ${result.loss.toFixed(4)}${held ? ` | held-out ${held.loss.toFixed(4)} @${held.step}` : ''}`,
      );
      loop.onStep?.(step, result.loss);
      const every = loop.checkpoint?.every ?? 0;
      const stopping = step === loop.stopAfter || loop.signal?.aborted === true;
      if (stopping || (every > 0 && step % every === 0 && step < loop.steps)) await save(step);
      loop.signal?.throwIfAborted();
      if (stopping) break;
    }
  } finally {
    bar?.finish();
  }
  return {
    losses,
    evaluations,
    rows,
    seconds: (performance.now() - started) / 1000,
    startStep,
    lastStep,
  };
}
