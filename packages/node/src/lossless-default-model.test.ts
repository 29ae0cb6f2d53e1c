import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextModel, TreeOptions } from '@confu/core';
import { createSampler } from '@confu/sampler';
import { describeFit, goodnessOfFit, hasSharedData, sharedPath } from '@internal/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDrafter } from './load-drafter.js';
import { loadModel } from './load-model.js';

// The lossless suites on the default model (models/confu-stories: 8 layers, trained by confu, its
// own tokenizer and heads): every drafter — n-gram, the model itself as a small LM, its EAGLE-3 and
// ConFu heads — gives plain greedy decoding's tokens, and the heads sample the target's law at
// T = 1. Sized for CI: 16 dev prompts × 64 tokens, auto and fixed trees.

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const directory = join(repositoryRoot, 'models/confu-stories');
const present =
  existsSync(join(directory, 'config.json')) &&
  hasSharedData('default-model lossless suite', 'eval/tinystories/question.jsonl');
const maxTokens = 64;
const promptCount = 16;

async function greedy(
  model: TextModel,
  prompt: string,
  options: { drafter?: Awaited<ReturnType<typeof loadDrafter>>; tree?: TreeOptions | 'auto' } = {},
): Promise<{ tokens: number[]; accepted: number }> {
  const tokens: number[] = [];
  let accepted = 0;
  for await (const chunk of model.generate({
    prompt,
    maxTokens,
    temperature: 0,
    ...(options.drafter ? { drafter: options.drafter, tree: options.tree ?? 'auto' } : {}),
  })) {
    tokens.push(...chunk.tokens);
    accepted += chunk.stats?.speculative?.accepted ?? 0;
  }
  return { tokens, accepted };
}

describe.skipIf(!present)(
  'the default model (models/confu-stories) is lossless with every drafter',
  () => {
    const prompts = present
      ? readFileSync(sharedPath('eval/tinystories/question.jsonl'), 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '')
          .slice(0, promptCount)
          .map((line) => (JSON.parse(line) as { turns: string[] }).turns[0] as string)
      : [];
    let model: TextModel;
    const baseline: number[][] = [];

    beforeAll(async () => {
      const cacheDirectory = await mkdtemp(join(tmpdir(), 'confu-default-'));
      model = await loadModel(directory, { cacheDirectory, numThreads: 1 });
      for (const prompt of prompts) baseline.push((await greedy(model, prompt)).tokens);
    }, 600_000);
    afterAll(() => model?.dispose());

    const drafters = [
      ['n-gram', 'ngram', undefined],
      ['small LM (the model itself)', 'lm', '.'],
      ['EAGLE-3 head', 'eagle3', 'eagle3'],
      ['ConFu head', 'confu', 'confu'],
    ] as const;
    const trees: readonly (TreeOptions | 'auto')[] = [
      'auto',
      { depth: 5, topK: 4, totalTokens: 16 },
      { depth: 6, topK: 8, totalTokens: 32 },
    ];
    for (const [label, kind, head] of drafters) {
      it(`${label}: the same tokens as plain greedy decoding (auto, 16- and 32-node trees)`, async () => {
        const drafter = await loadDrafter(
          model,
          directory,
          {
            kind,
            tree: { depth: 5, topK: 4, totalTokens: 16 },
            ...(head === undefined ? {} : { modelPath: join(directory, head) }),
          },
          { numThreads: 1 },
        );
        let accepted = 0;
        try {
          expect(prompts).toHaveLength(promptCount);
          for (const tree of trees) {
            for (const [index, prompt] of prompts.entries()) {
              const result = await greedy(model, prompt, { ...(drafter ? { drafter } : {}), tree });
              accepted += result.accepted;
              expect(result.tokens, `prompt ${index} (${JSON.stringify(tree)}): ${prompt}`).toEqual(
                baseline[index],
              );
            }
          }
        } finally {
          await drafter?.dispose();
        }
        if (kind !== 'ngram') expect(accepted).toBeGreaterThan(0);
      });
    }

    it.each([
      ['EAGLE-3', 'eagle3'],
      ['ConFu', 'confu'],
    ] as const)(
      'the %s head at T = 1: the next two tokens follow the target law (χ² at p = 1e-6)',
      async (_, kind) => {
        const drafter = await loadDrafter(
          model,
          directory,
          { kind, tree: { depth: 5, topK: 4, totalTokens: 16 }, modelPath: join(directory, kind) },
          { numThreads: 1 },
        );
        try {
          const prompt = model.encode('Once upon a time, there was a little');
          const V = model.lm.info.vocabSize;
          const sampler = createSampler({ temperature: 1 });
          const last = async (tokens: readonly number[]): Promise<Float32Array> => {
            const result = await model.lm.forward(model.lm.createCache(), { tokens });
            return sampler.probabilities(
              result.logits.subarray((tokens.length - 1) * V, tokens.length * V),
              tokens,
            );
          };
          const first = await last(prompt);
          const exact = new Float64Array(V * V);
          for (let a = 0; a < V; a++) {
            const second = await last([...prompt, a]);
            for (let b = 0; b < V; b++)
              exact[a * V + b] = (first[a] as number) * (second[b] as number);
          }
          const counts = new Float64Array(V * V);
          let accepted = 0;
          const samples = 2000;
          for (let seed = 0; seed < samples; seed++) {
            const tokens: number[] = [];
            for await (const chunk of model.generate({
              prompt,
              maxTokens: 2,
              temperature: 1,
              seed,
              ...(drafter ? { drafter } : {}),
            })) {
              tokens.push(...chunk.tokens);
              accepted += chunk.stats?.speculative?.accepted ?? 0;
            }
            counts[(tokens[0] as number) * V + (tokens[1] as number)]++;
          }
          const fit = goodnessOfFit(counts, exact);
          console.info(describeFit(`default model, ${kind} head, T = 1, next two tokens`, fit));
          expect(fit.chiSquare).toBeLessThan(fit.criticalValue);
          expect(fit.impossibleSamples).toBe(0);
          expect(accepted / samples).toBeGreaterThan(0.3);
        } finally {
          await drafter?.dispose();
        }
      },
    );
  },
);
