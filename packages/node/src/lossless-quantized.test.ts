import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Drafter, ModelDtype, TextModel, TreeOptions } from '@confu/core';
import { createSampler } from '@confu/sampler';
import {
  describeFit,
  goodnessOfFit,
  hasSharedData,
  sharedPath,
  stories260kDirectory,
} from '@internal/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDrafter } from './load-drafter.js';
import { loadModel } from './load-model.js';

// Lossless is relative to the target that runs: speculative decoding on a quantised target (q4
// matrices, q8 embedding / LM head; the heads quantised too) reproduces plain decoding of that
// same quantised target token for token at T = 0, and its law at T = 1 — not fp32's.

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const present = hasSharedData(
  'quantized-target lossless suite',
  'models/stories260K/stories260K.bin',
  'eval/tinystories/question.jsonl',
);
const maxTokens = 64;
const tree: TreeOptions = { depth: 5, topK: 4, totalTokens: 16 };

async function greedy(
  model: TextModel,
  prompt: string,
  drafter?: Drafter,
  treeOption: TreeOptions | 'auto' = 'auto',
): Promise<{ tokens: number[]; accepted: number }> {
  const tokens: number[] = [];
  let accepted = 0;
  for await (const chunk of model.generate({
    prompt,
    maxTokens,
    temperature: 0,
    ...(drafter ? { drafter, tree: treeOption } : {}),
  })) {
    tokens.push(...chunk.tokens);
    accepted += chunk.stats?.speculative?.accepted ?? 0;
  }
  return { tokens, accepted };
}

for (const dtype of ['q4', 'q8'] as const satisfies readonly ModelDtype[]) {
  describe.skipIf(!present)(`a ${dtype} stories260K target`, () => {
    const prompts = present
      ? readFileSync(sharedPath('eval/tinystories/question.jsonl'), 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => (JSON.parse(line) as { turns: string[] }).turns[0] as string)
      : [];
    let cacheDirectory: string;
    let model: TextModel;
    const baseline: number[][] = [];

    beforeAll(async () => {
      cacheDirectory = await mkdtemp(join(tmpdir(), `confu-${dtype}-`));
      model = await loadModel(stories260kDirectory, { cacheDirectory, numThreads: 1, dtype });
      for (const prompt of prompts) baseline.push((await greedy(model, prompt)).tokens);
    }, 300_000);
    afterAll(() => model?.dispose());

    it('differs from fp32 somewhere (the suite tests the quantised function, not fp32 again)', async () => {
      const fp32 = await loadModel(stories260kDirectory, { cacheDirectory, numThreads: 1 });
      try {
        let differing = 0;
        for (const [index, prompt] of prompts.entries()) {
          const tokens = (await greedy(fp32, prompt)).tokens;
          if (JSON.stringify(tokens) !== JSON.stringify(baseline[index])) differing++;
        }
        console.info(`${dtype} vs fp32: ${differing}/50 greedy continuations differ`);
        expect(differing).toBeGreaterThan(0);
      } finally {
        await fp32.dispose();
      }
    });

    const drafters = [
      ['n-gram', 'ngram', undefined],
      [`trained EAGLE-3 head (${dtype})`, 'eagle3', 'models/stories260k-eagle3'],
      [`trained ConFu head (${dtype})`, 'confu', 'models/stories260k-confu'],
    ] as const;
    for (const [label, kind, head] of drafters) {
      if (dtype === 'q8' && kind !== 'eagle3') continue;
      it(`${label}: the same 50 × ${maxTokens} tokens as plain ${dtype} decoding (auto and fixed trees)`, async () => {
        const drafter = await loadDrafter(
          model,
          stories260kDirectory,
          { kind, tree, ...(head ? { modelPath: join(repositoryRoot, head) } : {}) },
          { cacheDirectory, numThreads: 1, dtype },
        );
        let accepted = 0;
        try {
          for (const treeOption of ['auto', tree] as const) {
            for (const [index, prompt] of prompts.entries()) {
              const result = await greedy(model, prompt, drafter, treeOption);
              accepted += result.accepted;
              expect(result.tokens, `prompt ${index}: ${prompt}`).toEqual(baseline[index]);
            }
          }
        } finally {
          await drafter?.dispose();
        }
        expect(accepted).toBeGreaterThan(0);
      });
    }

    it.skipIf(dtype !== 'q4')(
      'the q4 EAGLE-3 head at T = 1: the next two tokens follow the q4 target law',
      async () => {
        const drafter = await loadDrafter(
          model,
          stories260kDirectory,
          { kind: 'eagle3', tree, modelPath: join(repositoryRoot, 'models/stories260k-eagle3') },
          { cacheDirectory, numThreads: 1, dtype },
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
            if ((first[a] as number) === 0) continue;
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
          console.info(describeFit('q4 target + q4 EAGLE-3, T = 1, next two tokens', fit));
          expect(fit.chiSquare).toBeLessThan(fit.criticalValue);
          expect(fit.impossibleSamples).toBe(0);
          expect(accepted / samples).toBeGreaterThan(0.3);
        } finally {
          await drafter?.dispose();
        }
      },
    );
  });
}
