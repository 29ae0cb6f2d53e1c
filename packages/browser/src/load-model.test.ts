import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasStories260k, stories260kDirectory } from '@internal/test-utils';
import { describe, expect, it } from 'vitest';
import { createMemoryFileSource } from '@confu/checkpoint';
import { loadModel } from './load-model.js';

const stories = stories260kDirectory;
const hasStories = hasStories260k('loadModel on onnxruntime-web');

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
