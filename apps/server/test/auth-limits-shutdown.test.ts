import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeHub } from '@confu/hub/testing';
import type { FakeHub } from '@confu/hub/testing';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/main.js';
import {
  hasStories260k,
  openaiClient,
  readMetric,
  startTestServer,
  stories260k,
  waitFor,
} from './server-fixture.js';

const apiKey = 'sk-test-key';
const hubId = 'karpathy/tinyllamas/stories260K';

describe.skipIf(!hasStories260k)('hub model, API key, back-pressure and shutdown', () => {
  let hub: FakeHub;
  let cacheDirectory: string;
  let server: RunningServer;
  let client: OpenAI;

  beforeAll(async () => {
    hub = await startFakeHub({
      repos: {
        'karpathy/tinyllamas': {
          files: {
            'stories260K/stories260K.bin': new Uint8Array(
              await readFile(join(stories260k, 'stories260K.bin')),
            ),
            'stories260K/tok512.bin': new Uint8Array(
              await readFile(join(stories260k, 'tok512.bin')),
            ),
          },
        },
      },
    });
    cacheDirectory = await mkdtemp(join(tmpdir(), 'confu-server-hub-'));
    server = await startTestServer({
      model: hubId,
      hub: { endpoint: hub.endpoint, cacheDirectory },
      apiKeys: [apiKey],
      slots: 1,
      maxQueue: 0,
      corsOrigins: ['http://app.example'],
    });
    client = openaiClient(server, apiKey);
  });
  afterAll(async () => {
    await server?.close();
    await hub?.close();
    await rm(cacheDirectory, { recursive: true, force: true });
  });

  it('serves a model resolved from the hub under its hub id', async () => {
    const models = await client.models.list();

    expect(models.data.map((model) => model.id)).toEqual([hubId]);
    expect(server.modelPath.startsWith(cacheDirectory)).toBe(true);
  });

  it('requires the API key on /v1 routes only', async () => {
    const status = (path: string, authorization?: string): Promise<number> =>
      fetch(
        `${server.url}${path}`,
        authorization === undefined ? {} : { headers: { authorization } },
      ).then((response) => response.status);

    await expect(openaiClient(server, 'wrong').models.list()).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    expect(await status('/v1/models')).toBe(401);
    // The scheme is case-insensitive (RFC 9110); the key itself is not.
    expect(await status('/v1/models', `bearer ${apiKey}`)).toBe(200);
    expect(await status('/v1/models', `BEARER ${apiKey}`)).toBe(200);
    expect(await status('/v1/models', `Bearer ${apiKey.toUpperCase()}`)).toBe(401);
    expect(await status('/v1/models', 'Bearer ')).toBe(401);
    expect(await status('/v1/models', `Bearer ${apiKey}x`)).toBe(401);
    expect(await status('/v1/models', apiKey)).toBe(401);
    expect(await status(`/v1/models/${hubId}`, `Bearer ${apiKey}`)).toBe(200);
    expect(await status('/health')).toBe(200);
    expect(await status('/metrics')).toBe(200);
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      body: '{}',
    });
    expect(await response.json()).toMatchObject({
      error: { type: 'authentication_error', code: 'invalid_api_key', param: null },
    });
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const preflight = (origin: string): Promise<Response> =>
      fetch(`${server.url}/v1/chat/completions`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, x-stainless-os',
        },
      });

    const allowed = await preflight('http://app.example');
    const denied = await preflight('http://evil.example');

    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-stainless-os');
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 429 with Retry-After when the slot is busy and the queue is full', async () => {
    const stream = await client.completions.create({
      model: hubId,
      prompt: 'Once upon a time',
      max_tokens: 400,
      temperature: 0,
      stream: true,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next(); // the generation holds the only slot now

    const rejected = await client.completions
      .create({ model: hubId, prompt: 'x', max_tokens: 1 })
      .catch((error: unknown) => error);
    await iterator.return?.();
    const freed = await waitFor(
      async () => (await readMetric(server, 'confu:num_requests_running')) === 0,
    );

    expect(freed).toBe(true);
    expect(rejected).toBeInstanceOf(OpenAI.RateLimitError);
    expect(
      (rejected as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after'),
    ).toBe('1');
  });

  it('shuts down gracefully: running streams finish, new requests are refused', async () => {
    const stream = await client.completions.create({
      model: hubId,
      prompt: 'Once upon a time',
      max_tokens: 64,
      temperature: 0,
      stream: true,
    });
    const finish = (async () => {
      const reasons: Array<string | null | undefined> = [];
      for await (const chunk of stream) reasons.push(chunk.choices[0]?.finish_reason);
      return reasons.filter(Boolean);
    })();
    await new Promise((resolve) => setTimeout(resolve, 20));

    const closed = server.close();
    const refused = await client.models.list().then(
      () => 'served',
      (error: unknown) =>
        error instanceof OpenAI.APIError && error.status === 503 ? 503 : 'refused',
    );

    expect(await finish).toEqual(['length']);
    await closed;
    expect([503, 'refused']).toContain(refused);
  });
});
