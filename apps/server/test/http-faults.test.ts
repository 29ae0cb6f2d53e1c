import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveServerConfig } from '../src/config.js';
import type { RunningServer } from '../src/main.js';
import {
  hasStories260k,
  readMetric,
  startTestServer,
  stories260k,
  waitFor,
} from './server-fixture.js';

const model = 'stories260K';

describe.skipIf(!hasStories260k)('HTTP faults (issue 14)', () => {
  let server: RunningServer;
  const { host, port } = { host: '127.0.0.1', port: () => server.port };

  beforeAll(async () => {
    server = await startTestServer({ headersTimeoutMs: 200, requestReceiveTimeoutMs: 400 });
  });
  afterAll(() => server?.close());

  it('serves a valid chunked request body (no Content-Length)', async () => {
    const body = JSON.stringify({ model, prompt: 'Once', max_tokens: 2, temperature: 0 });
    const result = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const request = httpRequest(
        `${server.url}/v1/completions`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        },
      );
      request.on('error', reject);
      request.write(body.slice(0, 10));
      request.write(body.slice(10));
      request.end();
    });

    expect(result.status).toBe(200);
    expect(JSON.parse(result.text)).toMatchObject({ object: 'text_completion' });
  });

  it('counts a client that leaves mid-upload as 499, never as a failed (500) request', async () => {
    const socket = connect(port(), host);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      'POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();

    const seen = await waitFor(
      async () =>
        (await readMetric(
          server,
          'confu:http_responses_total',
          '{route="/v1/completions",status="499"}',
        )) === 1,
    );

    expect(seen).toBe(true);
    expect(await readMetric(server, 'confu:request_failed_total')).toBe(0);
    expect(
      await readMetric(
        server,
        'confu:http_responses_total',
        '{route="/v1/completions",status="500"}',
      ),
    ).toBeUndefined();
  });

  it('closes a connection whose headers never finish once headersTimeoutMs passes', async () => {
    const socket = connect(port(), host);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    const reply = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });

    expect(reply.startsWith('HTTP/1.1 408')).toBe(true);
  }, 10_000);

  it('refuses an oversized prompt before it reaches a worker', async () => {
    const queued = await readMetric(server, 'confu:request_queue_time_seconds_count');
    const response = await fetch(`${server.url}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, prompt: 'Once upon a time '.repeat(40_000), max_tokens: 1 }),
    });
    const body = (await response.json()) as { error: { code: string; message: string } };

    expect(response.status).toBe(400);
    expect(body.error.code).toBe('context_length_exceeded');
    expect(body.error.message).toMatch(
      /maximum context length is 512 tokens and your prompt has at least \d+ tokens/,
    );
    expect(await readMetric(server, 'confu:request_queue_time_seconds_count')).toBe(queued);
  });
});

describe('server options (issue 14)', () => {
  it('refuses an empty API key instead of turning authentication off', () => {
    expect(() => resolveServerConfig({ model: stories260k, apiKeys: [''] })).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: '`apiKeys` must not contain an empty key',
      }),
    );
  });
});
