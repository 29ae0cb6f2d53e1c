import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMemoryFileSource } from '@confu/model-builder';
import { loadModel } from './load-model.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const stories = resolve(
  process.env.CONFU_SHARED_DIR ?? resolve(repositoryRoot, '../shared'),
  'models/stories260K',
);
const hasStories = existsSync(join(stories, 'stories260K.bin'));
if (!hasStories)
  console.warn(`[confu tests] ${stories} not found: onnxruntime-web stories260K test skipped`);

interface GoldenCase {
  prompt: string;
  prompt_tokens: number[];
  output_tokens: number[];
}

describe.skipIf(!hasStories)('loadModel on onnxruntime-web (wasm, under Node)', () => {
  it('generates the golden greedy tokens of stories260K from in-memory files', async () => {
    const files = Object.fromEntries(
      ['stories260K.bin', 'tok512.bin'].map((name) => [
        name,
        new Uint8Array(readFileSync(join(stories, name))),
      ]),
    );
    const golden = JSON.parse(readFileSync(join(stories, 'golden_greedy.json'), 'utf8')) as {
      cases: GoldenCase[];
    };
    const model = await loadModel(createMemoryFileSource(files, 'stories260K'), {
      devices: ['wasm'],
    });
    try {
      for (const testCase of golden.cases) {
        const expected = testCase.output_tokens.slice(testCase.prompt_tokens.length);
        const tokens: number[] = [];

        for await (const chunk of model.generate({
          prompt: testCase.prompt,
          maxTokens: expected.length,
          temperature: 0,
        })) {
          tokens.push(...chunk.tokens);
        }

        expect(tokens, JSON.stringify(testCase.prompt)).toEqual(expected);
      }
    } finally {
      await model.dispose();
    }
  });
});
