import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftKind, DrafterSpec, TextModel } from './index.js';
import { hasStories260k, sharedDirectory, stories260kDirectory } from './__fixtures__/shared-dir.js';
import { loadDrafter } from './load-drafter.js';
import { loadModel } from './load-model.js';

const promptsPath = join(sharedDirectory, 'eval/tinystories/question.jsonl');
const maxTokens = 200;

const shapes = [
  { depth: 5, topK: 4, totalTokens: 16 },
  { depth: 3, topK: 1, totalTokens: 4 },
  { depth: 6, topK: 8, totalTokens: 32 },
];
const kinds: DraftKind[] = ['ngram', 'lm', 'eagle3', 'confu'];

async function greedyTokens(model: TextModel, prompt: string, drafter?: Awaited<ReturnType<typeof loadDrafter>>): Promise<number[]> {
  const tokens: number[] = [];
  for await (const chunk of model.generate({ prompt, maxTokens, temperature: 0, ...(drafter ? { drafter } : {}) })) {
    tokens.push(...chunk.tokens);
  }
  return tokens;
}

describe.skipIf(!hasStories260k)('speculative decoding is lossless at temperature 0 (stories260K, 50 TinyStories prompts)', () => {
  const prompts = hasStories260k
    ? readFileSync(promptsPath, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => (JSON.parse(line) as { turns: string[] }).turns[0] as string)
    : [];
  let model: TextModel;
  let baseline: number[][];

  beforeAll(async () => {
    model = await loadModel(stories260kDirectory, { cacheDirectory: await mkdtemp(join(tmpdir(), 'confu-cache-')), numThreads: 1 });
    baseline = [];
    for (const prompt of prompts) baseline.push(await greedyTokens(model, prompt));
  });
  afterAll(async () => {
    await model.dispose();
  });

  it('has 50 prompts and plain decoding produces tokens for each', () => {
    expect(prompts).toHaveLength(50);
    expect(baseline.every((tokens) => tokens.length > 0)).toBe(true);
  });

  for (const kind of kinds) {
    for (const tree of shapes) {
      it(`${kind} drafter, tree depth ${tree.depth} top-k ${tree.topK} tokens ${tree.totalTokens}: same tokens as --draft none`, async () => {
        const spec: DrafterSpec = { kind, tree, seed: 3, ...(kind === 'lm' ? { modelPath: stories260kDirectory } : {}) };
        const drafter = await loadDrafter(model, stories260kDirectory, spec);
        let accepted = 0;
        try {
          for (const [index, prompt] of prompts.entries()) {
            const tokens: number[] = [];
            for await (const chunk of model.generate({ prompt, maxTokens, temperature: 0, ...(drafter ? { drafter } : {}) })) {
              tokens.push(...chunk.tokens);
              accepted += chunk.stats?.speculative?.accepted ?? 0;
            }
            expect(tokens, `prompt ${index}: ${prompt}`).toEqual(baseline[index]);
          }
        } finally {
          await drafter?.dispose();
        }
        // The self-drafting LM and n-gram lookup must actually accept drafts, or the test proves little.
        if (kind === 'lm' || kind === 'ngram') expect(accepted).toBeGreaterThan(0);
      });
    }
  }
});
