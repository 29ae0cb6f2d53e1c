/**
 * Loopback load check, run by hand (not part of `pnpm test`):
 *
 *   pnpm --filter @app/server bench -- [--concurrency 8] [--requests 32] [--max-tokens 64]
 *     [--slots 2] [--draft none|ngram] [--model <dir|hub id>] [--url http://127.0.0.1:8000]
 *
 * Starts a server in-process on stories260K (unless --url is given), runs `concurrency` streaming
 * clients until `requests` completions are done, then aborts streams mid-way and times how long
 * the slot takes to come free (client abort → `confu:num_requests_running` back to 0). Prints JSON.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import { startServer } from '../src/main.js';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '8' },
    requests: { type: 'string', default: '32' },
    'max-tokens': { type: 'string', default: '64' },
    slots: { type: 'string', default: '2' },
    draft: { type: 'string', default: 'none' },
    model: {
      type: 'string',
      default: resolve(
        process.env.CONFU_SHARED_DIR ?? resolve(import.meta.dirname, '../../../../shared'),
        'models/stories260K',
      ),
    },
    url: { type: 'string' },
    aborts: { type: 'string', default: '10' },
  },
});
const concurrency = Number(values.concurrency);
const total = Number(values.requests);
const maxTokens = Number(values['max-tokens']);
const quiet = { info: () => {}, warn: () => {}, error: console.error };
const server = values.url
  ? undefined
  : await startServer({
      model: values.model,
      port: 0,
      slots: Number(values.slots),
      maxQueue: 256,
      draft: { kind: values.draft as 'none' | 'ngram' },
      logger: quiet,
    });
const url = values.url ?? server?.url ?? '';
const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'bench', maxRetries: 0 });
const model = (await client.models.list()).data[0]?.id ?? '';
const prompts = [
  'Once upon a time',
  'The little dog',
  'Lily and Ben went to the park',
  'One day, a bird',
];

async function streamOnce(
  prompt: string,
): Promise<{ ttftMs: number; totalMs: number; tokens: number }> {
  const started = performance.now();
  let ttftMs = Number.NaN;
  let tokens = 0;
  const stream = await client.completions.create({
    model,
    prompt,
    max_tokens: maxTokens,
    temperature: 0,
    stream: true,
    stream_options: { include_usage: true },
  });
  for await (const chunk of stream) {
    if (Number.isNaN(ttftMs) && chunk.choices[0]?.text) ttftMs = performance.now() - started;
    if (chunk.usage) tokens = chunk.usage.completion_tokens;
  }
  return { ttftMs, totalMs: performance.now() - started, tokens };
}

async function runningRequests(): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith('confu:num_requests_running '));
  return Number(line?.split(' ')[1]);
}

async function abortToRelease(): Promise<number> {
  const stream = await client.completions.create({
    model,
    prompt: 'Once upon a time',
    max_tokens: 400,
    temperature: 0,
    stream: true,
  });
  let chunks = 0;
  for await (const chunk of stream) if (chunk.choices[0]?.text && ++chunks === 3) break;
  const aborted = performance.now();
  while ((await runningRequests()) !== 0) await new Promise((done) => setTimeout(done, 1));
  return performance.now() - aborted;
}

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
const round = (value: number): number => Math.round(value * 10) / 10;

await Promise.all(prompts.map(streamOnce)); // warm-up
let next = 0;
const results: Array<{ ttftMs: number; totalMs: number; tokens: number }> = [];
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) results.push(await streamOnce(prompts[next++ % prompts.length] ?? ''));
  }),
);
const wallSeconds = (performance.now() - started) / 1000;
const releases: number[] = [];
for (let index = 0; index < Number(values.aborts); index++) releases.push(await abortToRelease());
const ttft = results.map((result) => result.ttftMs);
const metrics = await (await fetch(`${url}/metrics`)).text();
const metric = (name: string): number =>
  Number(
    metrics
      .split('\n')
      .find((line) => line.startsWith(`${name} `))
      ?.split(' ')[1],
  );
const serverRelease =
  metric('confu:request_abort_release_seconds_sum') /
  metric('confu:request_abort_release_seconds_count');
process.stdout.write(
  `${JSON.stringify(
    {
      url,
      model,
      slots: server ? Number(values.slots) : 'external',
      draft: values.draft,
      concurrency,
      requests: results.length,
      maxTokens,
      wallSeconds: round(wallSeconds),
      requestsPerSecond: round(results.length / wallSeconds),
      generatedTokensPerSecond: round(
        results.reduce((sum, result) => sum + result.tokens, 0) / wallSeconds,
      ),
      ttftMs: {
        p50: round(quantile(ttft, 0.5)),
        p99: round(quantile(ttft, 0.99)),
        max: round(Math.max(...ttft)),
      },
      e2eMs: {
        p50: round(
          quantile(
            results.map((result) => result.totalMs),
            0.5,
          ),
        ),
        p99: round(
          quantile(
            results.map((result) => result.totalMs),
            0.99,
          ),
        ),
      },
      // Client side: abort until /metrics shows no running request (polling adds a few ms).
      abortToSlotReleaseMs: {
        p50: round(quantile(releases, 0.5)),
        max: round(Math.max(...releases)),
        samples: releases.length,
      },
      // Server side: abort sent to the worker until its slot is free (mean).
      serverAbortReleaseMs: round(serverRelease * 1000),
    },
    null,
    2,
  )}\n`,
);
await server?.close();
