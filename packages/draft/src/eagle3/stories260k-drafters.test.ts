import { readFileSync } from 'node:fs';
import { hasStories260k, sharedPath } from '@internal/test-utils';
import { importLlama2c } from '@confu/checkpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandomConfuDrafter } from '../confu/index.js';
import type { Drafter } from '@confu/core';
import { createTestTarget, prefill } from './__fixtures__/random-target.js';
import type { TestTarget } from './__fixtures__/random-target.js';
import { greedyTokens, speculativeRound, withFuture } from './__fixtures__/speculative-round.js';
import { createRandomEagle3Drafter } from './create-eagle3-drafter.js';

const modelPath = sharedPath('models/stories260K/stories260K.bin');
const tree = { depth: 4, topK: 4, totalTokens: 24 };
const prompt = [1, 403, 407, 261, 378, 300];

describe.skipIf(!hasStories260k('random heads on stories260K'))(
  'random heads on the real stories260K target',
  () => {
    let target: TestTarget;
    beforeAll(async () => {
      target = await createTestTarget(importLlama2c(new Uint8Array(readFileSync(modelPath))));
    });
    afterAll(() => target.lm.dispose());

    it.each(['eagle3', 'confu'] as const)(
      '%s: speculative greedy output equals plain greedy',
      async (kind) => {
        const options = {
          runtime: target.runtime,
          targetEmbedding: target.weights.embedding,
          targetConfig: target.weights.config,
          tree,
          seed: 11,
          draftVocabSize: 200,
        };
        const drafter: Drafter =
          kind === 'eagle3'
            ? await createRandomEagle3Drafter(options)
            : await createRandomConfuDrafter({
                ...options,
                confu: { softPromptLength: 4, numExperts: 4, topK: 2 },
              });
        const cache = target.lm.createCache();
        const { root, taps } = await prefill(target, cache, prompt);
        const session = drafter.createSession();
        const state = { tokens: [...prompt, root], taps: [taps] };
        // ConFu: the last committed taps stand in for the contemplate token's output.
        const future =
          kind === 'confu'
            ? (rows: Float32Array) => rows.slice(rows.length - 3 * target.weights.config.hiddenSize)
            : undefined;
        await session.observe(
          state.tokens,
          withFuture({ taps }, future?.(taps), prompt.length - 1),
        );
        while (state.tokens.length < prompt.length + 30) {
          await speculativeRound(target, { session, state, cache, ...(future ? { future } : {}) });
        }
        expect(state.tokens.slice(0, prompt.length + 30)).toEqual(
          await greedyTokens(target, prompt, 30),
        );
        session.dispose();
        await drafter.dispose();
      },
    );
  },
);
