/**
 * Soak run, by hand (not part of `pnpm test`):
 *
 *   pnpm --filter @app/server soak -- [--minutes 30] [--clients 16] [--slots 2]
 *     [--warmup-minutes 3] [--model <dir>] [--head <eagle3 head dir>] [--seed 1]
 *
 * Starts `confu serve` (EAGLE-3 head, so requests can pick none / ngram / eagle3) as its own
 * process and keeps `clients` concurrent clients busy for `minutes`, each request drawn at random
 * (seeded): completions or chat, streamed or not, method none / ngram / eagle3, temperature 0 or
 * 0.8. Every temperature-0 answer must equal the plain greedy reference of its prompt. Samples the
 * server's RSS and open file descriptors every 10 s. Prints JSON: errors, greedy mismatches,
 * latency p50 / p99, RSS growth after warm-up, descriptors at the end vs after warm-up.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  processUsage,
  quantile,
  repositoryRoot,
  startServeProcess,
  stories260kPath,
} from './serve-process.js';
import { requestOutcome } from './sse-outcome.js';

const { values } = parseArgs({
  // pnpm passes a `--` separator through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    minutes: { type: 'string', default: '30' },
    'warmup-minutes': { type: 'string', default: '3' },
    clients: { type: 'string', default: '16' },
    slots: { type: 'string', default: '2' },
    model: { type: 'string', default: stories260kPath },
    head: { type: 'string', default: resolve(repositoryRoot, 'models/stories260k-eagle3') },
    seed: { type: 'string', default: '1' },
  },
});
const durationMs = Number(values.minutes) * 60_000;
const warmupMs = Math.min(durationMs / 2, Number(values['warmup-minutes']) * 60_000);
const clients = Number(values.clients);
const hasHead = existsSync(values.head);
const methods = hasHead ? ['none', 'ngram', 'eagle3'] : ['none', 'ngram'];
const prompts = [
  'Once upon a time',
  'The little dog',
  'Lily and Ben went to the park',
  'One day, a bird',
  'Tom had a red ball',
  'The sun was hot',
  'A girl named Sue',
  'There was a big tree',
];
const lengths = [32, 64];

const server = await startServeProcess([
  '--model',
  values.model,
  ...(hasHead ? ['--draft', 'eagle3', '--draft-model', values.head] : ['--draft', 'ngram']),
  '--port',
  '0',
  '--slots',
  values.slots,
  '--max-queue',
  String(clients * 4),
]);
const model = 'stories260K';

// Greedy references: plain decoding, one per prompt and length.
const reference = new Map<string, string>();
for (const prompt of prompts) {
  for (const maxTokens of lengths) {
    const outcome = await requestOutcome(`${server.url}/v1/completions`, {
      model,
      prompt,
      max_tokens: maxTokens,
      temperature: 0,
      speculative: { method: 'none' },
    });
    if (outcome.kind !== 'completed')
      throw new Error(`reference failed: ${JSON.stringify(outcome)}`);
    reference.set(`${prompt}\n${maxTokens}`, outcome.text);
  }
}

await new Promise((resolveIdle) => setTimeout(resolveIdle, 7000)); // idle past the 5 s keep-alive
const before = await processUsage(server.pid);

let state = Number(values.seed) >>> 0 || 1;
const random = (): number => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const latencies: number[] = [];
const errors: Record<string, number> = {};
const errorExamples: string[] = [];
let requests = 0;
let greedyChecked = 0;
let mismatches = 0;
const samples: { atS: number; rssMb: number; fds: number }[] = [];
const started = performance.now();
const stopAt = started + durationMs;

const sampler = setInterval(() => {
  void processUsage(server.pid).then(({ rssBytes, fds }) =>
    samples.push({
      atS: Math.round((performance.now() - started) / 1000),
      rssMb: Math.round(rssBytes / 1e5) / 10,
      fds,
    }),
  );
}, 10_000);

async function client(): Promise<void> {
  while (performance.now() < stopAt) {
    const chat = random() < 0.5;
    const stream = random() < 0.5;
    const temperature = random() < 0.5 ? 0 : 0.8;
    const method = pick(methods);
    const prompt = pick(prompts);
    const maxTokens = pick(lengths);
    const body = {
      model,
      max_tokens: maxTokens,
      temperature,
      stream,
      seed: Math.floor(random() * 1e6),
      speculative: { method },
      ...(chat ? { messages: [{ role: 'user', content: prompt }] } : { prompt }),
    };
    const begin = performance.now();
    const outcome = await requestOutcome(
      `${server.url}/v1/${chat ? 'chat/completions' : 'completions'}`,
      body,
    );
    latencies.push(performance.now() - begin);
    requests++;
    if (outcome.kind !== 'completed') {
      const key =
        outcome.kind === 'cut' ? `cut: ${outcome.detail}` : `${outcome.kind}: ${outcome.code}`;
      errors[key] = (errors[key] ?? 0) + 1;
      if (errorExamples.length < 5) errorExamples.push(`${key} for ${JSON.stringify(body)}`);
    } else if (temperature === 0) {
      greedyChecked++;
      if (outcome.text !== reference.get(`${prompt}\n${maxTokens}`)) mismatches++;
    }
  }
}

await Promise.all(Array.from({ length: clients }, () => client()));
clearInterval(sampler);
await new Promise((resolveIdle) => setTimeout(resolveIdle, 7000)); // idle past the 5 s keep-alive
const idle = await processUsage(server.pid);
server.child.kill('SIGTERM');
const exit = await server.exited;

const afterWarmup = samples.filter((sample) => sample.atS * 1000 >= warmupMs);
const baseline = afterWarmup[0];
const last = afterWarmup[afterWarmup.length - 1];
const peak = Math.max(...afterWarmup.map((sample) => sample.rssMb));
const errorCount = Object.values(errors).reduce((sum, count) => sum + count, 0);
const report = {
  minutes: Number(values.minutes),
  clients,
  slots: Number(values.slots),
  methods,
  requests,
  requestsPerSecond: Math.round((requests / (durationMs / 1000)) * 10) / 10,
  errors: errorCount,
  errorKinds: errors,
  errorExamples,
  greedyChecked,
  greedyMismatches: mismatches,
  latencyMs: {
    p50: Math.round(quantile(latencies, 0.5)),
    p99: Math.round(quantile(latencies, 0.99)),
    max: Math.round(Math.max(...latencies)),
  },
  rssMb: {
    idleBefore: Math.round(before.rssBytes / 1e5) / 10,
    afterWarmup: baseline?.rssMb,
    end: last?.rssMb,
    peakAfterWarmup: peak,
    growthAfterWarmupPercent:
      baseline && last
        ? Math.round(((last.rssMb - baseline.rssMb) / baseline.rssMb) * 1000) / 10
        : null,
  },
  fds: {
    idleBefore: before.fds,
    duringLoadMax: Math.max(...samples.map((sample) => sample.fds)),
    idleAtEnd: idle.fds,
  },
  serverExit: exit.signal ?? exit.code,
  samples,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exitCode = errorCount + mismatches > 0 ? 1 : 0;
