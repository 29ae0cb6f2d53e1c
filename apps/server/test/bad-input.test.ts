import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/main.js';
import { hasStories260k, startTestServer } from './server-fixture.js';

const model = 'stories260K';
const completion = (fields: object): object => ({
  model,
  prompt: 'Once',
  max_tokens: 1,
  ...fields,
});
const chat = (fields: object): object => ({
  model,
  messages: [{ role: 'user', content: 'Once' }],
  max_tokens: 1,
  ...fields,
});

type Case = readonly [
  name: string,
  path: 'completions' | 'chat/completions',
  body: string | object,
  status: number,
];

// reliability.md §9.1, one row per input; every one must be a 4xx in the OpenAI error shape.
const cases: readonly Case[] = [
  ['truncated JSON', 'completions', '{"model":', 400],
  ['array body', 'completions', '[]', 400],
  ['number body', 'completions', '42', 400],
  ['null body', 'completions', 'null', 400],
  ['string body', 'chat/completions', '"x"', 400],
  ['NaN literal', 'completions', `{"model":"${model}","prompt":"x","max_tokens":NaN}`, 400],
  [
    'Infinity literal',
    'completions',
    `{"model":"${model}","prompt":"x","temperature":Infinity}`,
    400,
  ],
  [
    '__proto__ key',
    'completions',
    `{"__proto__":{"admin":true},"model":"${model}","prompt":"x"}`,
    400,
  ],
  [
    'constructor.prototype',
    'chat/completions',
    `{"constructor":{"prototype":{"x":1}},"model":"${model}","messages":[]}`,
    400,
  ],
  ['unknown model', 'completions', completion({ model: 'gpt-4' }), 404],
  ['missing model', 'completions', { prompt: 'x' }, 400],
  ['model not a string', 'chat/completions', chat({ model: 42 }), 400],
  ['messages missing', 'chat/completions', { model }, 400],
  ['messages null', 'chat/completions', chat({ messages: null }), 400],
  ['messages a string', 'chat/completions', chat({ messages: 'str' }), 400],
  ['messages [123]', 'chat/completions', chat({ messages: [123] }), 400],
  ['messages [{}]', 'chat/completions', chat({ messages: [{}] }), 400],
  ['role 123', 'chat/completions', chat({ messages: [{ role: 123, content: 'x' }] }), 400],
  ['content 123', 'chat/completions', chat({ messages: [{ role: 'user', content: 123 }] }), 400],
  ['role wizard', 'chat/completions', chat({ messages: [{ role: 'wizard', content: 'x' }] }), 400],
  [
    'image content part',
    'chat/completions',
    chat({
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }],
    }),
    400,
  ],
  ['messages empty', 'chat/completions', chat({ messages: [] }), 400],
  ['prompt empty string', 'completions', completion({ prompt: '' }), 400],
  ['prompt empty array', 'completions', completion({ prompt: [] }), 400],
  ['prompt missing', 'completions', { model }, 400],
  ['prompt token -1', 'completions', completion({ prompt: [1, -1] }), 400],
  ['prompt token beyond vocabulary', 'completions', completion({ prompt: [1, 512] }), 400],
  ['prompt token 1.5', 'completions', completion({ prompt: [1, 1.5] }), 400],
  ['two prompts', 'completions', completion({ prompt: ['a', 'b'] }), 400],
  ['max_tokens 0', 'completions', completion({ max_tokens: 0 }), 400],
  ['max_tokens -1', 'completions', completion({ max_tokens: -1 }), 400],
  ['max_tokens 1.5', 'completions', completion({ max_tokens: 1.5 }), 400],
  ['max_tokens "10"', 'completions', completion({ max_tokens: '10' }), 400],
  ['max_tokens true', 'completions', completion({ max_tokens: true }), 400],
  ['max_tokens 1e309', 'completions', `{"model":"${model}","prompt":"x","max_tokens":1e309}`, 400],
  ['max_tokens 2^53', 'completions', completion({ max_tokens: 2 ** 53 }), 400],
  ['max_tokens beyond the context', 'completions', completion({ max_tokens: 512 }), 400],
  [
    'max_completion_tokens beyond the context',
    'chat/completions',
    chat({ max_completion_tokens: 100_000 }),
    400,
  ],
  [
    'prompt longer than the context',
    'completions',
    completion({ prompt: Array.from({ length: 512 }, () => 300), max_tokens: null }),
    400,
  ],
  ['n 0', 'completions', completion({ n: 0 }), 400],
  ['n -1', 'completions', completion({ n: -1 }), 400],
  ['n 2', 'chat/completions', chat({ n: 2 }), 400],
  ['n 1e6', 'completions', completion({ n: 1e6 }), 400],
  [
    'logprobs with top_logprobs 21',
    'chat/completions',
    chat({ logprobs: true, top_logprobs: 21 }),
    400,
  ],
  ['top_logprobs -1', 'chat/completions', chat({ top_logprobs: -1 }), 400],
  ['completion logprobs 5', 'completions', completion({ logprobs: 5 }), 400],
  ['temperature -1', 'completions', completion({ temperature: -1 }), 400],
  ['temperature "hot"', 'completions', completion({ temperature: 'hot' }), 400],
  ['temperature 3', 'chat/completions', chat({ temperature: 3 }), 400],
  ['top_p 0', 'completions', completion({ top_p: 0 }), 400],
  ['top_p 1.5', 'completions', completion({ top_p: 1.5 }), 400],
  ['top_k -2', 'completions', completion({ top_k: -2 }), 400],
  ['presence_penalty 3', 'completions', completion({ presence_penalty: 3 }), 400],
  ['frequency_penalty -2.5', 'chat/completions', chat({ frequency_penalty: -2.5 }), 400],
  [
    'frequency_penalty 0.5 (unsupported)',
    'chat/completions',
    chat({ frequency_penalty: 0.5 }),
    400,
  ],
  ['stop with 5 strings', 'completions', completion({ stop: ['a', 'b', 'c', 'd', 'e'] }), 400],
  ['stop 10 KB string', 'completions', completion({ stop: 'x'.repeat(10_000) }), 400],
  ['stop empty string', 'completions', completion({ stop: '' }), 400],
  ['stop a number', 'chat/completions', chat({ stop: 5 }), 400],
  ['logit_bias {"abc":1}', 'completions', completion({ logit_bias: { abc: 1 } }), 400],
  ['logit_bias {"1":"x"}', 'completions', completion({ logit_bias: { 1: 'x' } }), 400],
  ['logit_bias {"999999":1}', 'chat/completions', chat({ logit_bias: { 999999: 1 } }), 400],
  ['seed -1', 'completions', completion({ seed: -1 }), 400],
  ['seed 1.5', 'completions', completion({ seed: 1.5 }), 400],
  ['seed 2^70', 'completions', completion({ seed: 2 ** 70 }), 400],
  [
    'stream_options without stream',
    'completions',
    completion({ stream: false, stream_options: { include_usage: true } }),
    400,
  ],
  ['stream "yes"', 'completions', completion({ stream: 'yes' }), 400],
  ['response_format sound', 'chat/completions', chat({ response_format: { type: 'sound' } }), 400],
  [
    'response_format json_schema 123',
    'chat/completions',
    chat({ response_format: { type: 'json_schema', json_schema: 123 } }),
    400,
  ],
  ['chat_template in request', 'chat/completions', chat({ chat_template: '{{ 7*7 }}' }), 400],
  [
    'chat_template_kwargs in request',
    'chat/completions',
    chat({ chat_template_kwargs: { tokenize: true } }),
    400,
  ],
  [
    'tools',
    'chat/completions',
    chat({ tools: [{ type: 'function', function: { name: 'f' } }] }),
    400,
  ],
  ['echo true', 'completions', completion({ echo: true }), 400],
  ['suffix', 'completions', completion({ suffix: 'x' }), 400],
  ['best_of 2', 'completions', completion({ best_of: 2 }), 400],
  [
    'speculative method not loaded',
    'completions',
    completion({ speculative: { method: 'eagle3' } }),
    400,
  ],
  [
    'speculative method not loaded, streamed',
    'completions',
    completion({ stream: true, speculative: { method: 'lm' } }),
    400,
  ],
  [
    'max_tokens beyond the context, streamed',
    'chat/completions',
    chat({ stream: true, max_tokens: 1000 }),
    400,
  ],
  ['speculative tree_depth 0', 'completions', completion({ speculative: { tree_depth: 0 } }), 400],
  [
    'speculative tree_tokens 1e9',
    'completions',
    completion({ speculative: { tree_tokens: 1e9 } }),
    400,
  ],
  ['speculative unknown key', 'completions', completion({ speculative: { turbo: true } }), 400],
  // Issue 14: within the schema's range, yet over the server's limits and the 512-token context.
  [
    'speculative tree 1024 tokens, depth 64, top-k 64',
    'completions',
    completion({ speculative: { tree_tokens: 1024, tree_depth: 64, tree_topk: 64 } }),
    400,
  ],
  [
    'speculative tree_depth 64',
    'completions',
    completion({ speculative: { tree_depth: 64 } }),
    400,
  ],
  ['speculative tree_topk 64', 'chat/completions', chat({ speculative: { tree_topk: 64 } }), 400],
  ['repetition_penalty 1e-300', 'completions', completion({ repetition_penalty: 1e-300 }), 400],
  [
    'a token-id prompt longer than the context',
    'completions',
    completion({ prompt: Array.from({ length: 600 }, () => 5) }),
    400,
  ],
  [
    'a chat whose text alone exceeds the context',
    'chat/completions',
    chat({ messages: [{ role: 'user', content: 'word '.repeat(50_000) }] }),
    400,
  ],
];

describe.skipIf(!hasStories260k)('bad input (reliability.md §9.1)', () => {
  let server: RunningServer;
  const post = (
    path: string,
    body: string | object,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${server.url}/v1/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const expectError = async (response: Response, status: number): Promise<void> => {
    const body = (await response.json()) as { error?: Record<string, unknown> };
    expect(response.status).toBe(status);
    expect(Object.keys(body.error ?? {}).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(body.error?.type).toBe('invalid_request_error');
  };

  beforeAll(async () => {
    server = await startTestServer({ draft: { kind: 'ngram' } });
  });
  afterAll(() => server?.close());

  const titled = cases.map(([name, path, body, status]) => [name, status, path, body] as const);

  it.each(titled)('%s → %i', async (_name, status, path, body) => {
    await expectError(await post(path, body), status);
  });

  it('answers 415 for a body that is not JSON', async () => {
    await expectError(
      await post('completions', 'prompt=x', {
        'content-type': 'application/x-www-form-urlencoded',
      }),
      415,
    );
    await expectError(
      await post('completions', JSON.stringify(completion({})), { 'content-type': 'text/plain' }),
      415,
    );
  });

  it('answers 413 for a body one byte over the limit, before parsing it', async () => {
    await expectError(await post('completions', `"${'x'.repeat(1024 * 1024 - 1)}"`), 413);
  });

  it('answers 431 for a header over 16 KiB', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        `${server.url}/v1/models`,
        { headers: { 'x-big': 'x'.repeat(17 * 1024) } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(431);
  });

  it('answers 404 in the OpenAI shape for unknown routes', async () => {
    await expectError(await fetch(`${server.url}/v1/embeddings`, { method: 'POST' }), 404);
  });

  it('ignores unknown fields, and survives odd but valid text', async () => {
    const responses = await Promise.all([
      post('completions', completion({ foo: 1, logit_bias: {}, presence_penalty: 0, tools: null })),
      post(
        'chat/completions',
        chat({
          messages: [{ role: 'user', content: 'lone \ud800 surrogate \u0000 NUL \u202e RTL' }],
        }),
      ),
      post('completions', completion({ prompt: 'x'.repeat(100_000), max_tokens: 1 })),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 200, 400]);
  });

  it('keeps serving after every bad request', async () => {
    const health = await fetch(`${server.url}/health`);
    const ok = await post('completions', completion({ max_tokens: 4, temperature: 0 }));

    expect(health.status).toBe(200);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { choices: Array<{ text: string }> }).choices[0]?.text).not.toBe(
      '',
    );
  });
});
