import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hasStories260k as hasStories260kData, stories260kDirectory } from '@internal/test-utils';
import OpenAI from 'openai';
import type { ServerOptions } from '../src/config.js';
import { startServer } from '../src/main.js';
import type { RunningServer } from '../src/main.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export const stories260k = stories260kDirectory;
/** Whether stories260K is there: skips a local run, fails under CI when it is not. */
export const hasStories260k = hasStories260kData('server tests on stories260K');

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
