import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import type { ServerOptions } from '../src/config.js';
import { startServer } from '../src/main.js';
import type { RunningServer } from '../src/main.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** `../shared` beside the repository, or `$CONFU_SHARED_DIR`. */
export const sharedDirectory = resolve(
  process.env.CONFU_SHARED_DIR ?? resolve(repositoryRoot, '../shared'),
);
export const stories260k = resolve(sharedDirectory, 'models/stories260K');
export const hasStories260k = existsSync(resolve(stories260k, 'stories260K.bin'));
if (!hasStories260k) {
  console.warn(
    `[confu tests] ${stories260k} not found: server tests are skipped (set CONFU_SHARED_DIR)`,
  );
}

export const silentLogger = { info: () => {}, warn: () => {}, error: () => {} };

/** Starts a server on 127.0.0.1 with an ephemeral port and a quiet logger. */
export function startTestServer(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  return startServer({
    model: stories260k,
    port: 0,
    numThreads: 1,
    logger: silentLogger,
    ...options,
  });
}

/** The official client, without retries so statuses are seen as sent. */
export function openaiClient(server: RunningServer, apiKey = 'unused'): OpenAI {
  return new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0, timeout: 60_000 });
}

/** `confu generate --json` through the real CLI, the reference the server must match. */
export async function confuGenerate(
  args: string[],
): Promise<{ tokens: number[]; text: string; finishReason: string }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--conditions=@confu/source',
      '--import',
      'tsx',
      'apps/cli/src/main.ts',
      'generate',
      '--model',
      stories260k,
      '--json',
      ...args,
    ],
    { cwd: repositoryRoot, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as { tokens: number[]; text: string; finishReason: string };
}

/** Reads one metric value (first series matching the name and optional label text). */
export async function readMetric(
  server: RunningServer,
  name: string,
  labels = '',
): Promise<number | undefined> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Polls `check` every 10 ms until it holds or `timeoutMs` passes. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 10));
  }
  return false;
}
