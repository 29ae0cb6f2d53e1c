/**
 * SIGTERM during active streams, run by hand (not part of `pnpm test`):
 *
 *   pnpm --filter @app/server sigterm-trials -- [--trials 20] [--streams 16]
 *     [--shutdown-timeout 0] [--model <dir>]
 *
 * Each trial starts `confu serve` with one slot per stream, opens the streams, waits until every
 * one has produced text, sends SIGTERM and checks that the process exits with status 0 (no
 * SIGABRT: workers are never terminated inside an ONNX Runtime call) and that every client got a
 * clean end: a complete stream, or an error event followed by `[DONE]`. Prints JSON.
 */
import { parseArgs } from 'node:util';
import { requestOutcome } from './sse-outcome.js';
import type { Outcome } from './sse-outcome.js';
import { startServeProcess, stories260kPath } from './serve-process.js';

const { values } = parseArgs({
  // pnpm passes a `--` separator through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    trials: { type: 'string', default: '20' },
    streams: { type: 'string', default: '16' },
    'shutdown-timeout': { type: 'string', default: '0' },
    model: { type: 'string', default: stories260kPath },
  },
});
const trials = Number(values.trials);
const streams = Number(values.streams);
const results: {
  trial: number;
  runningAtSigterm: number;
  exit: string;
  outcomes: Record<string, number>;
  cut: string[];
}[] = [];

for (let trial = 0; trial < trials; trial++) {
  const server = await startServeProcess([
    '--model',
    values.model,
    '--port',
    '0',
    '--slots',
    String(streams),
    '--threads',
    '1',
    '--shutdown-timeout',
    values['shutdown-timeout'],
  ]);
  const pending: Promise<Outcome>[] = Array.from({ length: streams }, (_, index) =>
    requestOutcome(`${server.url}/v1/completions`, {
      model: 'stories260K',
      prompt: 'Once upon a time',
      temperature: 0.8,
      seed: trial * 100 + index,
      stream: true,
    }),
  );
  // SIGTERM once every stream holds a slot (its headers are sent after the prompt is accepted).
  let running = 0;
  for (let waited = 0; waited < 20_000 && running < streams; waited += 5) {
    const metrics = await fetch(`${server.url}/metrics`).then((response) => response.text());
    running = Number(/confu:num_requests_running (\d+)/.exec(metrics)?.[1] ?? 0);
    if (running < streams) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  server.child.kill('SIGTERM');
  const outcomes = await Promise.all(pending);
  const { code, signal } = await server.exited;
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key = outcome.kind === 'error-event' ? `error-event:${outcome.code}` : outcome.kind;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  results.push({
    trial,
    runningAtSigterm: running,
    exit: signal ?? String(code),
    outcomes: counts,
    cut: outcomes.flatMap((outcome) => (outcome.kind === 'cut' ? [outcome.detail] : [])),
  });
  process.stderr.write(
    `[sigterm] trial ${trial}: ${running} running, exit ${signal ?? code} ${JSON.stringify(counts)}\n`,
  );
}

const aborts = results.filter((result) => result.exit !== '0').length;
const cut = results.reduce((sum, result) => sum + result.cut.length, 0);
process.stdout.write(
  `${JSON.stringify({ trials, streams, shutdownTimeoutS: Number(values['shutdown-timeout']), processAborts: aborts, uncleanClientEnds: cut, results }, null, 2)}\n`,
);
process.exitCode = aborts + cut > 0 ? 1 : 0;
