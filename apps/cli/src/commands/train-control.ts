import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ConfuError } from '@confu/errors';
import type { RunControl } from '@confu/trainer';
import { numberOption } from '../cli-options.js';

/** parseArgs options of checkpoints and resuming, shared by every `confu train` method. */
export const runControlArgs = {
  resume: { type: 'string' },
  checkpoint: { type: 'string' },
  'checkpoint-every': { type: 'string' },
  'stop-after': { type: 'string' },
} as const;

export const runControlUsage = `Checkpoints (every method):
  --checkpoint <file>      trainer checkpoint (weights, Adam moments, step, random and data
                           state; default <out>/checkpoint.safetensors), written every
                           --checkpoint-every updates, at --stop-after and on Ctrl-C
  --checkpoint-every <n>   updates between checkpoints (default 0: only when stopped)
  --stop-after <n>         stop after update n as an interruption would (checkpoint written,
                           nothing else); continue later with --resume
  --resume <file>          continue a run from its checkpoint with the same options and data:
                           the result is bit-identical to an uninterrupted run`;

/** What the checkpoint flags ask for. */
export interface TrainRunControl {
  readonly control: RunControl;
  /** The run stops before `steps` (`--stop-after`): write no model or head. */
  readonly stopsEarly: boolean;
  readonly checkpointFile: string;
}

/**
 * Reads the checkpoint flags: the resumed checkpoint's bytes, and a sink that writes checkpoints
 * atomically (temporary file, then rename) so an interruption never leaves half a file.
 * @throws ConfuError `FILE_NOT_FOUND` for a missing `--resume` file; `INVALID_ARGUMENT` for bad numbers.
 */
export async function readRunControl(
  values: Record<string, string | boolean | string[] | undefined>,
  { out, steps, signal }: { out: string; steps: number; signal: AbortSignal },
): Promise<TrainRunControl> {
  const flags = values as Record<string, string | boolean | undefined>;
  const every = numberOption(flags, 'checkpoint-every', { integer: true, min: 0 }) ?? 0;
  const stopAfter = numberOption(flags, 'stop-after', { integer: true, min: 1 });
  const checkpointFile =
    typeof values['checkpoint'] === 'string'
      ? values['checkpoint']
      : join(out, 'checkpoint.safetensors');
  const resumeFile = values['resume'];
  const resume =
    typeof resumeFile === 'string'
      ? new Uint8Array(
          await readFile(resumeFile).catch((error: unknown) => {
            throw new ConfuError('FILE_NOT_FOUND', `--resume ${resumeFile} does not exist`, {
              cause: error,
            });
          }),
        )
      : undefined;
  const control: RunControl = {
    ...(resume ? { resume } : {}),
    checkpoint: {
      every,
      async write(bytes, step) {
        await mkdir(dirname(checkpointFile), { recursive: true });
        const partial = `${checkpointFile}.partial`;
        await writeFile(partial, bytes);
        await rename(partial, checkpointFile);
        process.stderr.write(`\nconfu train: checkpoint after update ${step}: ${checkpointFile}\n`);
      },
    },
    ...(stopAfter === undefined ? {} : { stopAfter }),
    signal,
    progress: process.stderr,
  };
  return { control, stopsEarly: stopAfter !== undefined && stopAfter < steps, checkpointFile };
}
