import { CommanderError } from 'commander';
import { ConfuError } from '@confu/errors';
import { createProgram } from './program.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('interrupted')));

createProgram(controller.signal)
  .parseAsync(process.argv.slice(2), { from: 'user' })
  .then(
    () => {
      process.exitCode ??= 0;
    },
    (error: unknown) => {
      // Commander has printed its own message (and help or a suggestion): 0 for --help, 2 for usage.
      if (error instanceof CommanderError) {
        process.exitCode = error.exitCode === 0 ? 0 : 2;
        return;
      }
      const usageError = ConfuError.isInstance(error) && error.code === 'INVALID_ARGUMENT';
      const message = error instanceof Error ? error.message : String(error);
      const code = ConfuError.isInstance(error) ? ` [${error.code}]` : '';
      process.stderr.write(`confu: ${message}${code}\n`);
      process.exitCode = usageError ? 2 : 1;
    },
  );
