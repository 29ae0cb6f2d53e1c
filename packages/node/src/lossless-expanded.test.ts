import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextModel, TreeOptions } from '@confu/core';
import { createSampler } from '@confu/sampler';
import {
  describeFit,
  goodnessOfFit,
  hasSharedData,
  sharedPath,
  stories260kDirectory,
} from '@internal/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandModel } from './expand-model.js';
import { loadDrafter } from './load-drafter.js';
import { loadModel } from './load-model.js';

// An expanded target (docs/realistic-targets.md) at a CI-sized shape: it computes stories260K's
// function, its padded vocabulary ids are never produced, and every drafter — its heads expanded
// with it, padded draft vocabulary included — stays lossless against the expanded target's own
// plain decoding. (`pnpm bench:expanded` repeats the greedy checks at stories260K@100m.)

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const present = hasSharedData(
  'expanded-target lossless suite',
  'models/stories260K/stories260K.bin',
  'eval/tinystories/question.jsonl',
);
const maxTokens = 64;
const shape = {
  architectures: ['LlamaForCausalLM'],
  model_type: 'llama',
  hidden_size: 128,
  num_hidden_layers: 8,
  num_attention_heads: 8,
  num_key_value_heads: 4,
  head_dim: 16,
  intermediate_size: 256,
  vocab_size: 1024,
  max_position_embeddings: 512,
};

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
  'an expanded target (stories260K@ci: 8 layers, hidden 128, vocab 1024)',
  () => {
    const prompts = present
      ? readFileSync(sharedPath('eval/tinystories/question.jsonl'), 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => (JSON.parse(line) as { turns: string[] }).turns[0] as string)
      : [];
    let directory: string;
    let expanded: TextModel;
    const baseline: number[][] = [];

    beforeAll(async () => {
      const work = await mkdtemp(join(tmpdir(), 'confu-expanded-'));
      const shapeDirectory = join(work, 'ci');
      await mkdir(shapeDirectory);
      await writeFile(join(shapeDirectory, 'config.json'), JSON.stringify(shape));
      directory = join(work, 'stories260k-ci');
      await expandModel({
        model: stories260kDirectory,
        shape: join(shapeDirectory, 'config.json'),
        out: directory,
        heads: [
          join(repositoryRoot, 'models/stories260k-eagle3'),
          join(repositoryRoot, 'models/stories260k-confu'),
        ],
        draftVocab: 768,
      });
      expanded = await loadModel(directory, { cacheDirectory: join(work, 'cache'), numThreads: 1 });
      for (const prompt of prompts) baseline.push((await greedy(expanded, prompt)).tokens);
    }, 600_000);
    afterAll(() => expanded?.dispose());

    it('agrees with stories260K on at least 49 of the 50 dev prompts × 64 tokens', async () => {
      const original = await loadModel(stories260kDirectory, { numThreads: 1 });
      try {
        const differing: string[] = [];
        for (const [index, prompt] of prompts.entries()) {
          const tokens = (await greedy(original, prompt)).tokens;
          if (JSON.stringify(tokens) !== JSON.stringify(baseline[index])) differing.push(prompt);
        }
        console.info(
          `expanded vs stories260K: ${50 - differing.length}/50 prompts identical ${JSON.stringify(differing)}`,
        );
        expect(prompts).toHaveLength(50);
        expect(differing.length).toBeLessThanOrEqual(1);
        // No padded id is ever produced.
        expect(baseline.flat().every((token) => token < 512)).toBe(true);
      } finally {
        await original.dispose();
      }
    });

    const drafters = [
      ['n-gram', 'ngram', undefined],
      ['small LM (stories260K itself)', 'lm', 'stories260k'],
      ['expanded EAGLE-3 head', 'eagle3', 'stories260k-eagle3'],
      ['expanded ConFu head', 'confu', 'stories260k-confu'],
    ] as const;
    const trees: readonly (TreeOptions | 'auto')[] = [
      'auto',
      { depth: 5, topK: 4, totalTokens: 16 },
    ];
    for (const [label, kind, model] of drafters) {
      it(`${label}: the same tokens as plain decoding of the expanded target (auto and fixed trees)`, async () => {
        const modelPath =
          model === undefined
            ? undefined
            : model === 'stories260k'
              ? stories260kDirectory
              : join(directory, model);
        const drafter = await loadDrafter(
          expanded,
          directory,
          {
            kind,
            tree: { depth: 5, topK: 4, totalTokens: 16 },
            ...(modelPath ? { modelPath } : {}),
          },
          { numThreads: 1 },
        );
        let accepted = 0;
        try {
          for (const tree of trees) {
            for (const [index, prompt] of prompts.entries()) {
              const result = await greedy(expanded, prompt, {
                ...(drafter ? { drafter } : {}),
                tree,
              });
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

    it('the expanded EAGLE-3 head at T = 1: the next two tokens follow the target law (padded ids impossible)', async () => {
      const drafter = await loadDrafter(
        expanded,
        directory,
        {
          kind: 'eagle3',
          tree: { depth: 5, topK: 4, totalTokens: 16 },
          modelPath: join(directory, 'stories260k-eagle3'),
        },
        { numThreads: 1 },
      );
      try {
        const prompt = expanded.encode('Once upon a time, there was a little');
        const V = expanded.lm.info.vocabSize;
        const sampler = createSampler({ temperature: 1 });
        const last = async (tokens: readonly number[]): Promise<Float32Array> => {
          const result = await expanded.lm.forward(expanded.lm.createCache(), { tokens });
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
        expect(Array.from(first.subarray(512)).every((p) => p === 0)).toBe(true);
        const counts = new Float64Array(V * V);
        let accepted = 0;
        const samples = 2000;
        for (let seed = 0; seed < samples; seed++) {
          const tokens: number[] = [];
          for await (const chunk of expanded.generate({
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
        console.info(describeFit('expanded EAGLE-3, T = 1, next two tokens', fit));
        expect(fit.chiSquare).toBeLessThan(fit.criticalValue);
        expect(fit.impossibleSamples).toBe(0);
        expect(accepted / samples).toBeGreaterThan(0.3);
      } finally {
        await drafter?.dispose();
      }
    });
  },
);
