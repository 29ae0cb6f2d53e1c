import { Command } from 'commander';
import { ConfuError } from '@confu/errors';
import { closest } from './closest.js';

/** A command that parses its own flags with `node:util` `parseArgs`. */
export interface PassthroughSpec {
  readonly name: string;
  readonly summary: string;
  /** Its usage text (printed for `--help`); its `--flags` are the suggestions for typos. */
  readonly usage: string;
  readonly run: (argv: string[], signal: AbortSignal) => Promise<void>;
}

/**
 * Wraps a parseArgs command for the program: `--help` prints its usage (exit 0), `--flag -1` is
 * passed as `--flag=-1` (parseArgs would call it ambiguous), and an unknown flag gets the nearest
 * known one as a suggestion.
 */
export function passthroughCommand(spec: PassthroughSpec, signal: AbortSignal): Command {
  return new Command(spec.name)
    .summary(spec.summary)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[options...]')
    .action(async (_options: unknown, _flags: unknown, command: Command) => {
      const argv = command.args;
      if (argv.includes('--help') || argv.includes('-h')) {
        process.stdout.write(`${spec.usage}\n`);
        return;
      }
      try {
        await spec.run(joinNegativeValues(argv), signal);
      } catch (error) {
        throw withSuggestion(error, spec.usage);
      }
    });
}

/** `['--max-tokens', '-1']` → `['--max-tokens=-1']`: a negative number is a value, not a flag. */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    const next = argv[index + 1];
    if (arg.startsWith('--') && !arg.includes('=') && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      index++;
    } else joined.push(arg);
  }
  return joined;
}

function withSuggestion(error: unknown, usage: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || !(error instanceof Error)) return error;
  const unknown = /'(-[^']+)'/.exec(error.message)?.[1] ?? '';
  const flags = [...new Set(usage.match(/--[a-z][a-z0-9-]*/g) ?? [])];
  const suggestion = closest(unknown.split('=')[0] ?? unknown, flags);
  return new ConfuError(
    'INVALID_ARGUMENT',
    `unknown option ${unknown}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; see --help`,
  );
}
