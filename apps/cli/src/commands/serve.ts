import { parseArgs } from 'node:util';
import { startServer } from '@app/server';
import type { DownloadProgress } from '@confu/hub';
import { numberOption, requiredString } from '../cli-options.js';
import { draftArgs, draftUsage, readDrafterSpec } from '../draft-options.js';

export const serveUsage = `confu serve --model <path|hub id> [options]

  --model <path|id>     model directory, or a hub id such as karpathy/tinyllamas/stories260K
                        (downloaded once into the cache; see --hub-endpoint, --offline)
  --port <n>            port (default 8000; 0 = any free port)
  --host <addr>         bind address (default 127.0.0.1)
  --served-model-name   the \`model\` clients send (default: hub id or folder name)
  --slots <n>           worker threads = concurrent generations (default 1)
  --max-queue <n>       requests waiting for a slot before 429 (default 16)
  --threads <n>         ONNX Runtime threads per worker (default cores / slots)
  --api-key <key>       require \`Authorization: Bearer <key>\` on /v1 (or $CONFU_API_KEY)
  --cors-origin <url>   allow this browser origin (repeatable)
  --shutdown-timeout <s> seconds to let running requests finish on SIGTERM (default 10)
  --hub-endpoint <url>  hub mirror (default $HF_ENDPOINT or https://huggingface.co)
  --offline             never use the network; load from the cache only
  --seed <n>            seed of a random draft head (default 0)
${draftUsage}
  --draft-model also takes a hub id. A request may override speculation with the extra body field
  "speculative": {"method": "none"|"ngram"|<server's>, "tree_depth", "tree_topk", "tree_tokens"}.`;

/** `confu serve`: the OpenAI-compatible server until SIGINT / SIGTERM. */
export async function runServe(argv: string[], signal: AbortSignal): Promise<void> {
  const {
    values: { 'cors-origin': corsOrigins, ...values },
  } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'served-model-name': { type: 'string' },
      slots: { type: 'string' },
      'max-queue': { type: 'string' },
      threads: { type: 'string' },
      'api-key': { type: 'string' },
      'cors-origin': { type: 'string', multiple: true },
      'shutdown-timeout': { type: 'string' },
      'hub-endpoint': { type: 'string' },
      offline: { type: 'boolean' },
      seed: { type: 'string' },
      ...draftArgs,
    },
    strict: true,
  });
  const seed =
    numberOption(values, 'seed', { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
  const spec = readDrafterSpec(values, seed);
  const apiKey = values['api-key'] ?? process.env.CONFU_API_KEY;
  const optional = <T>(key: string, value: T | undefined): Record<string, T> =>
    value === undefined ? {} : { [key]: value };
  const server = await startServer({
    model: requiredString(values, 'model'),
    draft: { kind: spec.kind, tree: spec.tree, seed, ...optional('model', spec.modelPath) },
    hub: {
      onProgress: reportProgress,
      ...optional('endpoint', values['hub-endpoint']),
      ...optional('offline', values.offline),
    },
    ...optional('host', values.host),
    ...optional('port', numberOption(values, 'port', { integer: true, min: 0, max: 65_535 })),
    ...optional('servedModelName', values['served-model-name']),
    ...optional('slots', numberOption(values, 'slots', { integer: true, min: 1, max: 64 })),
    ...optional('maxQueue', numberOption(values, 'max-queue', { integer: true, min: 0 })),
    ...optional('numThreads', numberOption(values, 'threads', { integer: true, min: 1 })),
    ...optional(
      'shutdownTimeoutMs',
      mapSeconds(numberOption(values, 'shutdown-timeout', { min: 0, max: 3600 })),
    ),
    ...(apiKey ? { apiKeys: [apiKey] } : {}),
    ...optional('corsOrigins', corsOrigins),
  });
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    signal.addEventListener('abort', stop, { once: true });
    process.once('SIGTERM', stop);
  });
  process.stderr.write('confu: shutting down\n');
  await server.close();
}

function mapSeconds(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

function reportProgress(progress: DownloadProgress): void {
  const percent =
    progress.totalBytes === 0
      ? 100
      : Math.floor((progress.receivedBytes / progress.totalBytes) * 100);
  const line = `downloading ${progress.file} ${percent}% (${progress.receivedBytes}/${progress.totalBytes} bytes)`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${progress.done ? '\n' : ''}`);
  else if (progress.done) process.stderr.write(`${line}\n`);
}
