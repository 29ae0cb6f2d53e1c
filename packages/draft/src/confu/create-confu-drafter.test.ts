import { randomDraftHead } from '@confu/checkpoint';
import type { ConfuHeadWeights } from '@confu/checkpoint';
import { moeEmbedding } from '@confu/model-builder';
import { createSeededRandom } from '@confu/sampler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Drafter } from '@confu/core';
import { createEagle3Drafter } from '../eagle3/index.js';
import {
  createTestTarget,
  prefill,
  stories260kConfig,
} from '../eagle3/__fixtures__/random-target.js';
import { withFuture } from '../eagle3/__fixtures__/speculative-round.js';
import type { TestTarget } from '../eagle3/__fixtures__/random-target.js';
import { referenceTreeScores } from '../eagle3/__fixtures__/reference-tree-scores.js';
import { validateDraftTree } from '../tree/index.js';
import { createConfuDrafter, createRandomConfuDrafter } from './create-confu-drafter.js';

const tree = { depth: 3, topK: 3, totalTokens: 16 };
const prompt = [1, 403, 407, 261, 378, 300, 97, 258, 11];
const h = stories260kConfig.hiddenSize;
const moeHead = randomDraftHead(stories260kConfig, {
  seed: 4,
  draftVocabSize: 80,
  confu: { softPromptLength: 3, numExperts: 4, topK: 2 },
}) as ConfuHeadWeights;
const staticHead = randomDraftHead(stories260kConfig, {
  seed: 5,
  confu: { softPromptLength: 2, mode: 'static' },
}) as ConfuHeadWeights;
const random = createSeededRandom(9);
const future = Float32Array.from({ length: 3 * h }, () => 3 * (2 * random.next() - 1));

let target: TestTarget;
const drafters: Drafter[] = [];
const make = async (head: ConfuHeadWeights): Promise<Drafter> => {
  const drafter = await createConfuDrafter({
    runtime: target.runtime,
    head,
    targetEmbedding: target.weights.embedding,
    targetConfig: stories260kConfig,
    tree,
  });
  drafters.push(drafter);
  return drafter;
};

beforeAll(async () => {
  target = await createTestTarget(2);
});

afterAll(async () => {
  for (const drafter of drafters) await drafter.dispose();
  await target.lm.dispose();
});

describe('createConfuDrafter', () => {
  it('declares kind and requirements, and puts the soft prompt K/V at the front of the target cache', async () => {
    const drafter = await make(moeHead);
    expect(drafter.kind).toBe('confu');
    expect(drafter.requirements).toEqual({ taps: true });
    const prefix = await drafter.targetPrefix?.(target.lm);
    expect(prefix?.length).toBe(3);
    expect(prefix?.keys).toHaveLength(stories260kConfig.numLayers);
    // Computed once per target.
    expect(await drafter.targetPrefix?.(target.lm)).toBe(prefix);
    // The soft prompt run alone, causal at positions 0 … 2.
    const reference = await target.lm.forwardRows(target.lm.createCache(), {
      tokens: [],
      extraEmbeds: moeHead.confu.softPrompt,
      positions: [0, 1, 2],
      visibility: Uint8Array.from([1, 0, 0, 1, 1, 0, 1, 1, 1]),
    });
    expect(Array.from(prefix?.keys[1] ?? [])).toEqual(Array.from(reference.newKeys[1] ?? []));
  });

  it('plans contemplate tokens: e_con from the [con] MoE over the last committed taps (con_static before any)', async () => {
    const drafter = await make(moeHead);
    const session = drafter.createSession();
    const promptTree = { tokens: prompt, parents: prompt.map((_, i) => i - 1) };
    const first = session.planPass?.({ phase: 'prefill', tree: promptTree });
    expect(first).toMatchObject({
      attachTo: [prompt.length - 1],
      positionOffset: 1,
      seePrefix: true,
      taps: true,
    });
    expect(Array.from(first?.embeds ?? [])).toEqual(Array.from(moeHead.confu.conStatic ?? []));
    const cache = target.lm.createCache();
    const { root, taps } = await prefill(target, cache, prompt);
    await session.observe([...prompt, root], { taps });
    const expected = moeEmbedding(
      moeHead.confu.conRouter as Float32Array,
      moeHead.confu.conExperts as Float32Array,
      taps.subarray((prompt.length - 1) * 3 * h),
      2,
    );
    const round = session.planPass?.({
      phase: 'round',
      tree: { tokens: [5, 6, 7], parents: [-1, 0, 0] },
    });
    expect(round?.attachTo).toEqual([0, 1, 2]);
    for (let row = 0; row < 3; row++) {
      expect(Array.from(round?.embeds.subarray(row * h, (row + 1) * h) ?? [])).toEqual(
        Array.from(expected),
      );
    }
    session.dispose();
  });

  it.each([
    ['moe', moeHead],
    ['static', staticHead],
  ])(
    'conditions every draft query on the [f] slot (%s): scores match the one-token-at-a-time reference',
    async (_, head) => {
      const drafter = await make(head);
      const cache = target.lm.createCache();
      const { root, taps } = await prefill(target, cache, prompt);
      const session = drafter.createSession();
      const tokens = [...prompt, root];
      await session.observe(tokens, withFuture({ taps }, future, prompt.length - 1));
      const drafted = await session.draft();
      validateDraftTree(drafted, stories260kConfig.vocabSize);
      expect(drafted.tokens).toHaveLength(tree.totalTokens);
      const reference = referenceTreeScores(
        head,
        target.weights.embedding,
        { tokens, taps, future },
        drafted,
      );
      expect(drafted.scores).toHaveLength(drafted.tokens.length);
      drafted.scores?.forEach((score, node) => {
        expect(Math.abs(score - (reference[node]?.score as number))).toBeLessThan(1e-4);
        expect(reference[node]?.rank).toBeLessThan(tree.topK);
      });
      // The [f] slot changes the drafts: without it the scores differ.
      const plain = referenceTreeScores(head, target.weights.embedding, { tokens, taps }, drafted);
      expect(
        plain.some(
          (node, index) => Math.abs(node.score - (drafted.scores?.[index] as number)) > 1e-3,
        ),
      ).toBe(true);
      expect(await session.draft()).toEqual(drafted);
      session.dispose();
    },
  );

  it('drafts like EAGLE-3 when observe() brings no future', async () => {
    const confu = await make(moeHead);
    const eagle = await createEagle3Drafter({
      runtime: target.runtime,
      head: moeHead,
      targetEmbedding: target.weights.embedding,
      targetConfig: stories260kConfig,
      tree,
    });
    drafters.push(eagle);
    const cache = target.lm.createCache();
    const { root, taps } = await prefill(target, cache, prompt);
    const [a, b] = [confu.createSession(), eagle.createSession()];
    await a.observe([...prompt, root], { taps });
    await b.observe([...prompt, root], { taps });
    expect(await a.draft()).toEqual(await b.draft());
    expect(b.planPass).toBeUndefined();
  });

  it('builds a seeded random ConFu drafter and refuses an EAGLE-3 head', async () => {
    const drafter = await createRandomConfuDrafter({
      runtime: target.runtime,
      targetEmbedding: target.weights.embedding,
      targetConfig: stories260kConfig,
      tree,
      seed: 1,
    });
    drafters.push(drafter);
    expect((await drafter.targetPrefix?.(target.lm))?.length).toBe(16);
    await expect(
      createConfuDrafter({
        runtime: target.runtime,
        head: randomDraftHead(stories260kConfig, { seed: 1 }),
        targetEmbedding: target.weights.embedding,
        targetConfig: stories260kConfig,
        tree,
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/needs a ConFu head/),
    });
  });

  it('contemplates only the m nodes most likely to end the accepted path', async () => {
    const drafter = await createConfuDrafter({
      runtime: target.runtime,
      head: moeHead,
      targetEmbedding: target.weights.embedding,
      targetConfig: stories260kConfig,
      tree,
      contemplate: 2,
    });
    drafters.push(drafter);
    const session = drafter.createSession();
    // Root 0 → 1 (p .6) → 3 (p .5); root → 2 (p .3). P(last): 0: .1, 1: .1, 2: .3, 3: .5.
    const plan = session.planPass?.({
      phase: 'round',
      tree: {
        tokens: [5, 6, 7, 8],
        parents: [-1, 0, 0, 1],
        scores: [0, Math.log(0.6), Math.log(0.3), Math.log(0.5)],
      },
    });
    expect(plan?.attachTo).toEqual([2, 3]);
    expect(plan?.embeds.length).toBe(2 * h);
    session.dispose();
  });
});
