import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DraftKind, DrafterSpec, TextModel, TreeOptions } from '../index.js';
import { loadDrafter } from '../load-drafter.js';
import { loadModel } from '../load-model.js';
import { hasSharedData, sharedPath, stories260kDirectory } from '@internal/test-utils';

const maxTokens = 200;

/** Three tree shapes: the default, a chain, and a wide tree. */
export const losslessTreeShapes: readonly TreeOptions[] = [
  { depth: 5, topK: 4, totalTokens: 16 },
  { depth: 3, topK: 1, totalTokens: 4 },
  { depth: 6, topK: 8, totalTokens: 32 },
];

function readPrompts(): string[] {
  return readFileSync(sharedPath('eval/tinystories/question.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { turns: string[] }).turns[0] as string);
}

async function greedy(model: TextModel, prompt: string, drafter?: Awaited<ReturnType<typeof loadDrafter>>) {
  const tokens: number[] = [];
  let accepted = 0;
  for await (const chunk of model.generate({ prompt, maxTokens, temperature: 0, ...(drafter ? { drafter } : {}) })) {
    tokens.push(...chunk.tokens);
    accepted += chunk.stats?.speculative?.accepted ?? 0;
  }
  return { tokens, accepted };
}

/**
 * The T = 0 losslessness check of one drafter kind: for each tree shape, speculative decoding of
 * the 50 TinyStories dev prompts (200 new tokens each) returns exactly plain greedy decoding's tokens.
 */
export function describeLosslessGreedy(
  kind: DraftKind,
  options: { expectAcceptance: boolean; draftModel?: string; label?: string },
): void {
  const present = hasSharedData(
    `${options.label ?? kind} lossless suite`,
    'models/stories260K/stories260K.bin',
    'eval/tinystories/question.jsonl',
  );
  describe.skipIf(!present)(`${options.label ?? kind} drafter is lossless at temperature 0 (stories260K, 50 TinyStories prompts, 200 tokens)`, () => {
    const prompts = present ? readPrompts() : [];
    let model: TextModel;
    const baseline: number[][] = [];

    beforeAll(async () => {
      const cacheDirectory = await mkdtemp(join(tmpdir(), 'confu-cache-'));
      model = await loadModel(stories260kDirectory, { cacheDirectory, numThreads: 1 });
      for (const prompt of prompts) baseline.push((await greedy(model, prompt)).tokens);
    }, 600_000);
    afterAll(async () => {
      await model.dispose();
    });

    for (const tree of losslessTreeShapes) {
      it(`tree depth ${tree.depth}, top-k ${tree.topK}, ${tree.totalTokens} tokens: the same tokens as --draft none`, async () => {
        const modelPath = options.draftModel ?? (kind === 'lm' ? stories260kDirectory : undefined);
        const spec: DrafterSpec = { kind, tree, seed: 3, ...(modelPath ? { modelPath } : {}) };
        const drafter = await loadDrafter(model, stories260kDirectory, spec, { numThreads: 1 });
        let accepted = 0;
        try {
          expect(prompts).toHaveLength(50);
          for (const [index, prompt] of prompts.entries()) {
            const result = await greedy(model, prompt, drafter);
            accepted += result.accepted;
            expect(result.tokens, `prompt ${index}: ${prompt}`).toEqual(baseline[index]);
          }
        } finally {
          await drafter?.dispose();
        }
        // Drafters that can guess right must actually be accepted, or the check proves little.
        if (options.expectAcceptance) expect(accepted).toBeGreaterThan(0);
      }, 900_000);
    }
  });
}
