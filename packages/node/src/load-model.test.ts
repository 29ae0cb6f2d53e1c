import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TextModel } from '@confu/core';
import { hasStories260k, stories260kDirectory } from '@internal/test-utils';
import { loadModel } from './load-model.js';

interface GoldenCase {
  prompt: string;
  prompt_tokens: number[];
  steps: number;
  output_tokens: number[];
}

async function greedy(model: TextModel, prompt: string, maxTokens: number): Promise<number[]> {
  const tokens: number[] = [];
  for await (const chunk of model.generate({ prompt, maxTokens, temperature: 0 }))
    tokens.push(...chunk.tokens);
  return tokens;
}

describe.skipIf(!hasStories260k('loadModel on stories260K'))(
  'loadModel on stories260K (onnxruntime-node)',
  () => {
    const golden = hasStories260k('loadModel on stories260K')
      ? (JSON.parse(readFileSync(join(stories260kDirectory, 'golden_greedy.json'), 'utf8')) as {
          cases: GoldenCase[];
        })
      : { cases: [] };

    it('reproduces every golden greedy continuation token for token, converting once and then reusing the cache', async () => {
      const cacheDirectory = await mkdtemp(join(tmpdir(), 'confu-cache-'));
      for (const [index, testCase] of golden.cases.entries()) {
        const model = await loadModel(stories260kDirectory, { cacheDirectory, numThreads: 1 });
        try {
          const expected = testCase.output_tokens.slice(testCase.prompt_tokens.length);

          const tokens = await greedy(model, testCase.prompt, expected.length);

          expect(model.encode(testCase.prompt), `case ${index} prompt`).toEqual(
            testCase.prompt_tokens,
          );
          expect(tokens, `case ${index}: ${JSON.stringify(testCase.prompt)}`).toEqual(expected);
        } finally {
          await model.dispose();
        }
      }
    });

    it('rejects a prompt longer than the context and maxTokens ≤ 0 with clear errors', async () => {
      const model = await loadModel(stories260kDirectory, {
        cacheDirectory: await mkdtemp(join(tmpdir(), 'confu-cache-')),
      });
      try {
        await expect(greedy(model, 'Once upon a time '.repeat(200), 1)).rejects.toMatchObject({
          code: 'CONTEXT_OVERFLOW',
          message: expect.stringContaining('context holds 512'),
        });
        await expect(greedy(model, 'Hi', 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
        await expect(greedy(model, 'Hi', -3)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      } finally {
        await model.dispose();
      }
    });
  },
);

describe('loadModel errors', () => {
  it('names a missing directory and a directory without a model', async () => {
    await expect(loadModel('/nonexistent/confu-model')).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    const empty = await mkdtemp(join(tmpdir(), 'confu-empty-'));
    await expect(loadModel(empty)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: expect.stringContaining('neither a Hugging Face model'),
    });
  });
});
