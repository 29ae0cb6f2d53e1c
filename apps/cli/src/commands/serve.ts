import { Command } from 'commander';
import { startServer } from '@app/server';
import { numberOption } from '../cli-options.js';
import { addDraftOptions, addModelOptions, flagValues } from '../command-options.js';
import { readFixedTree } from '../draft-options.js';
import { readLoadOptions, readModelAndDraft, reportProgress } from '../open-llm.js';

/** `confu serve`: the OpenAI-compatible server until SIGINT / SIGTERM. */
export function serveCommand(signal: AbortSignal): Command {
  const command = new Command('serve')
    .summary('OpenAI-compatible HTTP server')
    .description(
      'OpenAI-compatible HTTP server (/v1/completions, /v1/chat/completions, /v1/models, /metrics). A request may override speculation with the extra body field "speculative": {"method": "none"|"ngram"|<server’s>, "tree_depth", "tree_topk", "tree_tokens"}; heads are never reloaded for it.',
    );
  addModelOptions(command);
  command
    .option('--port <n>', 'port, an integer in [0, 65535] (default 8000; 0 = any free port)')
    .option('--host <addr>', 'bind address (default 127.0.0.1)')
    .option(
      '--served-model-name <name>',
      'the `model` clients send (default: hub id or folder name)',
    )
    .option(
      '--slots <n>',
      'worker threads = concurrent generations, an integer in [1, 64] (default 1)',
    )
    .option(
      '--max-queue <n>',
      'requests waiting for a slot before 429, an integer ≥ 0 (default 16)',
    )
    .option('--api-key <key>', 'require `Authorization: Bearer <key>` on /v1 (or $CONFU_API_KEY)')
    .option('--cors-origin <url...>', 'allow these browser origins')
    .option(
      '--shutdown-timeout <s>',
      'seconds to let running requests finish on SIGTERM, a number in [0, 3600] (default 10)',
    )
    .option(
      '--request-timeout <s>',
      'per-request deadline in seconds, queue included, then a 504 (default 300)',
    )
    .option(
      '--watchdog-grace <s>',
      'seconds a worker may take to end an aborted generation before it is replaced (default 10)',
    );
  addDraftOptions(command);
  return command.action((options: Record<string, unknown>) =>
    runServe(flagValues(options), signal),
  );
}

async function runServe(
  values: Record<string, string | boolean | string[] | undefined>,
  signal: AbortSignal,
): Promise<void> {
  const { model, draft } = readModelAndDraft(values);
  const load = readLoadOptions(values);
  const fixedTree = ['tree-tokens', 'tree-depth', 'tree-topk'].some(
    (flag) => values[flag] !== undefined && values[flag] !== 'auto',
  );
  // Given but empty (`--api-key ""`, `CONFU_API_KEY=`) is refused by the server, not ignored.
  const apiKey =
    typeof values['api-key'] === 'string' ? values['api-key'] : process.env.CONFU_API_KEY;
  const seconds = (flag: string, min: number, max: number): number | undefined => {
    const value = numberOption(values, flag, { min, max });
    return value === undefined ? undefined : Math.round(value * 1000);
  };
  const optional = <T>(key: string, value: T | undefined): Record<string, T> =>
    value === undefined ? {} : { [key]: value };
  const server = await startServer({
    model,
    draft: {
      kind: draft.method,
      ...optional('model', draft.from),
      ...(fixedTree ? { tree: readFixedTree(values) } : {}),
    },
    hub: {
      onProgress: reportProgress,
      ...optional('endpoint', load.hubEndpoint),
      ...optional('offline', load.offline),
    },
    ...optional('host', typeof values.host === 'string' ? values.host : undefined),
    ...optional('port', numberOption(values, 'port', { integer: true, min: 0, max: 65_535 })),
    ...optional(
      'servedModelName',
      typeof values['served-model-name'] === 'string' ? values['served-model-name'] : undefined,
    ),
    ...optional('slots', numberOption(values, 'slots', { integer: true, min: 1, max: 64 })),
    ...optional('maxQueue', numberOption(values, 'max-queue', { integer: true, min: 0 })),
    ...optional('numThreads', load.threads),
    ...optional('dtype', load.dtype),
    ...optional('shutdownTimeoutMs', seconds('shutdown-timeout', 0, 3600)),
    ...optional('requestTimeoutMs', seconds('request-timeout', 0.1, 86_400)),
    ...optional('watchdogGraceMs', seconds('watchdog-grace', 0.1, 3600)),
    ...(apiKey === undefined ? {} : { apiKeys: [apiKey] }),
    ...optional(
      'corsOrigins',
      Array.isArray(values['cors-origin']) ? values['cors-origin'] : undefined,
    ),
  });
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    signal.addEventListener('abort', stop, { once: true });
    process.once('SIGTERM', stop);
  });
  process.stderr.write('confu: shutting down\n');
  await server.close();
}
