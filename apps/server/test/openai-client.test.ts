import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/main.js';
import {
  confuGenerate,
  hasStories260k,
  openaiClient,
  readMetric,
  startTestServer,
  waitFor,
} from './server-fixture.js';

const prompt = 'Once upon a time';
const maxTokens = 48;

describe.skipIf(!hasStories260k)(
  'OpenAI-compatible server (official openai client, stories260K)',
  () => {
    let server: RunningServer;
    let client: OpenAI;
    let reference: { tokens: number[]; text: string };

    beforeAll(async () => {
      [server, reference] = await Promise.all([
        startTestServer({ draft: { kind: 'ngram' }, slots: 2 }),
        confuGenerate([
          '--prompt',
          prompt,
          '--max-tokens',
          String(maxTokens),
          '--temperature',
          '0',
        ]),
      ]);
      client = openaiClient(server);
    });
    afterAll(() => server?.close());

    it('lists the served model', async () => {
      const models = await client.models.list();

      expect(models.data.map((model) => model.id)).toEqual(['stories260K']);
    });

    it('completes exactly like `confu generate` at temperature 0, with usage and tau', async () => {
      const completion = await client.completions.create({
        model: 'stories260K',
        prompt,
        max_tokens: maxTokens,
        temperature: 0,
      });

      expect(completion.choices[0]?.text).toBe(reference.text);
      expect(completion.choices[0]?.finish_reason).toBe('length');
      expect(completion.usage).toEqual({
        prompt_tokens: 5,
        completion_tokens: reference.tokens.length,
        total_tokens: 5 + reference.tokens.length,
      });
      const speculative = (
        completion as unknown as { speculative: { method: string; acceptance_length: number } }
      ).speculative;
      expect(speculative.method).toBe('ngram');
      expect(speculative.acceptance_length).toBeGreaterThanOrEqual(1);
    });

    it('streams the same text, ending with finish_reason and a usage chunk', async () => {
      const stream = await client.chat.completions.create({
        model: 'stories260K',
        messages: [{ role: 'user', content: prompt }],
        max_tokens: maxTokens,
        temperature: 0,
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);

      expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
      expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(
        reference.text,
      );
      expect(
        chunks
          .flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason))
          .filter(Boolean),
      ).toEqual(['length']);
      expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
      expect(chunks.at(-1)).toMatchObject({
        choices: [],
        usage: { prompt_tokens: 5, completion_tokens: reference.tokens.length },
      });
    });

    it('gives the same greedy text with speculation switched off per request', async () => {
      const extra = { speculative: { method: 'none' } };

      const completion = await client.completions.create({
        model: 'stories260K',
        prompt,
        max_tokens: maxTokens,
        temperature: 0,
        ...extra,
      });

      expect(completion.choices[0]?.text).toBe(reference.text);
      expect((completion as unknown as { speculative: object }).speculative).toMatchObject({
        method: 'none',
        acceptance_length: 1,
      });
    });

    it('gives the same greedy text with a smaller per-request tree budget', async () => {
      const extra = { speculative: { tree_depth: 2, tree_topk: 1, tree_tokens: 3 } };

      const completion = await client.completions.create({
        model: 'stories260K',
        prompt,
        max_tokens: maxTokens,
        temperature: 0,
        ...extra,
      });

      expect(completion.choices[0]?.text).toBe(reference.text);
      expect((completion as unknown as { speculative: object }).speculative).toMatchObject({
        method: 'ngram',
      });
    });

    it('stops at a stop string, streamed or not', async () => {
      const cut = reference.text.slice(0, reference.text.indexOf('Lily'));
      const request = {
        model: 'stories260K',
        prompt,
        max_tokens: maxTokens,
        temperature: 0,
        stop: ['Lily'],
      };

      const plain = await client.completions.create(request);
      const stream = await client.completions.create({ ...request, stream: true });
      let streamed = '';
      for await (const chunk of stream) streamed += chunk.choices[0]?.text ?? '';

      expect(plain.choices[0]).toMatchObject({ text: cut, finish_reason: 'stop' });
      expect(streamed).toBe(cut);
    });

    it('repeats a seeded sample at temperature 1', async () => {
      const request = {
        model: 'stories260K',
        prompt,
        max_tokens: 24,
        temperature: 1,
        top_p: 0.9,
        seed: 7,
      };

      const [first, second] = await Promise.all([
        client.completions.create(request),
        client.completions.create(request),
      ]);

      expect(second.choices[0]?.text).toBe(first.choices[0]?.text);
    });

    it('completes every one of several concurrent streams (more than the slots)', async () => {
      const run = async (): Promise<string> => {
        const stream = await client.completions.create({
          model: 'stories260K',
          prompt,
          max_tokens: maxTokens,
          temperature: 0,
          stream: true,
        });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
        return text;
      };

      const texts = await Promise.all(Array.from({ length: 5 }, run));

      expect(texts).toEqual(Array.from({ length: 5 }, () => reference.text));
    });

    it('frees the slot when a client aborts a stream mid-way', async () => {
      const stream = await client.chat.completions.create({
        model: 'stories260K',
        messages: [{ role: 'user', content: prompt }],
        max_tokens: 400,
        temperature: 0,
        stream: true,
      });
      let received = 0;
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content && ++received === 3) break; // aborts the HTTP request
      }

      const idle = await waitFor(
        async () => (await readMetric(server, 'confu:num_requests_running')) === 0,
      );
      const next = await client.completions.create({
        model: 'stories260K',
        prompt,
        max_tokens: 4,
        temperature: 0,
      });

      expect(idle).toBe(true);
      expect(await readMetric(server, 'confu:num_requests_waiting')).toBe(0);
      expect(await readMetric(server, 'confu:request_aborted_total')).toBeGreaterThanOrEqual(1);
      expect(next.choices[0]?.text).toBe(reference.text.slice(0, next.choices[0]?.text.length));
    });

    it('exposes request, token and spec_decode metrics whose counts agree', async () => {
      const metric = (name: string, labels = ''): Promise<number | undefined> =>
        readMetric(server, name, labels);

      const drafted = await metric('confu:spec_decode_num_draft_tokens_total');
      const accepted = await metric('confu:spec_decode_num_accepted_tokens_total');
      const drafts = await metric('confu:spec_decode_num_drafts_total');
      const lengthCount = await metric('confu:spec_decode_acceptance_length_count');

      expect(
        await metric('confu:request_success_total', '{finished_reason="length"}'),
      ).toBeGreaterThanOrEqual(8);
      expect(await metric('confu:generation_tokens_total')).toBeGreaterThan(0);
      expect(await metric('confu:time_to_first_token_seconds_count')).toBeGreaterThan(0);
      expect(drafts).toBeGreaterThan(0);
      expect(lengthCount).toBe(drafts);
      expect(accepted).toBeLessThanOrEqual(drafted ?? 0);
      expect(await fetch(`${server.url}/health`).then((response) => response.status)).toBe(200);
    });

    it('maps errors to the openai client’s classes', async () => {
      await expect(client.completions.create({ model: 'nope', prompt })).rejects.toBeInstanceOf(
        OpenAI.NotFoundError,
      );
      await expect(
        client.completions.create({ model: 'stories260K', prompt, max_tokens: -1 }),
      ).rejects.toMatchObject({
        status: 400,
        param: 'max_tokens',
        type: 'invalid_request_error',
      });
      await expect(
        client.completions.create({ model: 'stories260K', prompt, max_tokens: 600 }),
      ).rejects.toMatchObject({
        status: 400,
        code: 'context_length_exceeded',
        message: expect.stringContaining('512'),
      });
    });
  },
);
