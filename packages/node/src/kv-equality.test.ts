import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { speculativeGenerate } from '@confu/engine';
import type { KvCache } from '@confu/core';
import { createSampler, createSeededRandom } from '@confu/sampler';
import type { DraftKind } from './index.js';
import { hasStories260k, maxAbsDiff, stories260kDirectory } from '@internal/test-utils';
import { loadDrafter } from './load-drafter.js';
import { loadModel } from './load-model.js';

describe.skipIf(!hasStories260k('KV cache after speculative decoding'))(
  'KV cache after speculative decoding (stories260K)',
  () => {
    it.each<[DraftKind, number]>([
      ['lm', 0],
      ['confu', 0],
      ['eagle3', 0.8],
    ])(
      '%s drafter at temperature %s: the target cache equals plain decoding of the same tokens (≤ 1e-4)',
      async (kind, temperature) => {
        const model = await loadModel(stories260kDirectory, {
          cacheDirectory: await mkdtemp(join(tmpdir(), 'confu-cache-')),
          numThreads: 1,
        });
        const tree = { depth: 4, topK: 3, totalTokens: 10 };
        const drafter = await loadDrafter(model, stories260kDirectory, {
          kind,
          tree,
          seed: 1,
          ...(kind === 'lm' ? { modelPath: stories260kDirectory } : {}),
        });
        try {
          const promptTokens = model.encode('Lily and Ben went to the park.');
          const random = createSeededRandom(5);
          const generated: number[] = [];
          let speculative: { cache: KvCache; reservedRows: number } | undefined;
          for await (const chunk of speculativeGenerate({
            model: model.lm,
            drafter: drafter as NonNullable<typeof drafter>,
            promptTokens,
            maxTokens: 120,
            sampler: createSampler({ temperature, random }),
            random,
            inspectCache: (cache) => {
              speculative = { cache, reservedRows: cache.reservedRows };
            },
          })) {
            generated.push(...chunk.tokens);
          }
          const { cache, reservedRows } = speculative as NonNullable<typeof speculative>;
          const committed = cache.length - reservedRows;
          const tokens = [...promptTokens, ...generated].slice(0, committed);
          const plain = model.lm.createCache();
          model.lm.commit(plain, await model.lm.forward(plain, { tokens }));

          expect(committed).toBeGreaterThan(promptTokens.length + 50);
          for (let layer = 0; layer < model.lm.info.numLayers; layer++) {
            const rowSize = cache.rowSize;
            expect(
              maxAbsDiff(cache.keys(layer).subarray(reservedRows * rowSize), plain.keys(layer)),
            ).toBeLessThanOrEqual(1e-4);
            expect(
              maxAbsDiff(cache.values(layer).subarray(reservedRows * rowSize), plain.values(layer)),
            ).toBeLessThanOrEqual(1e-4);
          }
        } finally {
          await drafter?.dispose();
          await model.dispose();
        }
      },
    );
  },
);
