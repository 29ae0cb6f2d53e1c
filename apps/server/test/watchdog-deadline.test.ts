import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/main.js';
import type { RunningServer } from '../src/main.js';
import { hangingPrompt, writeHostileModel } from './hostile-model.js';
import { readMetric, silentLogger, waitFor } from './server-fixture.js';

// A tokenizer regex that never finishes on `hangingPrompt` hangs its worker in JavaScript, where
// the engine's abort check is never reached: the deadline answers the client, the watchdog
// replaces the worker, and the next request is served by its replacement.
describe('per-request deadline and worker watchdog (hostile tokenizer)', () => {
  let model: string;
  let server: RunningServer;
  const post = (prompt: string, signal?: AbortSignal): Promise<Response> =>
    fetch(`${server.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: server.modelId, prompt, max_tokens: 4, temperature: 0 }),
      ...(signal ? { signal } : {}),
    });

  beforeAll(async () => {
    model = await writeHostileModel();
    server = await startServer({
      model,
      port: 0,
      numThreads: 1,
      slots: 1,
      requestTimeoutMs: 1000,
      watchdogGraceMs: 300,
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(model, { recursive: true, force: true });
  });

  it('serves ordinary prompts of the hostile model', async () => {
    const response = await post('ab ab');

    expect(response.status).toBe(200);
  });

  it('answers a request past its deadline with a 504 in the OpenAI error shape', async () => {
    const response = await post(hangingPrompt);

    expect(response.status).toBe(504);
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect(await response.json()).toEqual({
      error: {
        message: "the request did not finish within the server's 1 s deadline",
        type: 'server_error',
        param: null,
        code: 'request_timeout',
      },
    });
  });

  it('replaces the stuck worker and serves the next request', async () => {
    const replaced = await waitFor(
      async () => (await readMetric(server, 'confu:worker_replaced_total')) === 1,
    );
    await waitFor(async () => (await readMetric(server, 'confu:num_slots_ready')) === 1);
    const response = await post('abc');

    expect(replaced).toBe(true);
    expect(response.status).toBe(200);
    expect(await readMetric(server, 'confu:request_deadline_exceeded_total')).toBe(1);
  });

  it('replaces a worker left stuck by a client that went away', async () => {
    const controller = new AbortController();
    const pending = post(hangingPrompt, controller.signal).catch(() => undefined);
    await waitFor(async () => (await readMetric(server, 'confu:num_requests_running')) === 1);
    controller.abort();
    await pending;

    const replaced = await waitFor(
      async () => (await readMetric(server, 'confu:worker_replaced_total')) === 2,
    );
    await waitFor(async () => (await readMetric(server, 'confu:num_slots_ready')) === 1);
    const response = await post('abc');
    const health = await fetch(`${server.url}/health`);

    expect(replaced).toBe(true);
    expect(response.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', slots_ready: 1 });
  });
});
