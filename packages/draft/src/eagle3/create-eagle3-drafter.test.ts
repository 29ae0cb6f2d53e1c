import { randomDraftHead } from '@confu/checkpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Drafter, DraftTree } from '@confu/core';
import { validateDraftTree } from '../tree/index.js';
import { createTestTarget, prefill, stories260kConfig } from './__fixtures__/random-target.js';
import type { TestTarget } from './__fixtures__/random-target.js';
import { referenceTreeScores } from './__fixtures__/reference-tree-scores.js';
import { concatRows, greedyTokens, speculativeRound } from './__fixtures__/speculative-round.js';
import { createEagle3Drafter, createRandomEagle3Drafter } from './create-eagle3-drafter.js';

const tree = { depth: 4, topK: 3, totalTokens: 20 };
const prompt = [1, 403, 407, 261, 378, 300, 97, 258, 11];
const head = randomDraftHead(stories260kConfig, { seed: 3, draftVocabSize: 96 });

let target: TestTarget;
let drafter: Drafter;

beforeAll(async () => {
  target = await createTestTarget();
  drafter = await createEagle3Drafter({
    runtime: target.runtime,
    head,
    targetEmbedding: target.weights.embedding,
    targetConfig: stories260kConfig,
    tree,
  });
});

afterAll(async () => {
  await drafter.dispose();
  await target.lm.dispose();
});

describe('createEagle3Drafter', () => {
  it('declares its kind and requirements', () => {
    expect(drafter.kind).toBe('eagle3');
    expect(drafter.requirements).toEqual({ taps: true });
    expect(drafter.targetPrefix).toBeUndefined();
  });

  it('drafts a valid tree of draft-vocabulary tokens after catch-up', async () => {
    const cache = target.lm.createCache();
    const { root, taps } = await prefill(target, cache, prompt);
    const session = drafter.createSession();
    await session.observe([...prompt, root], { taps });
    const drafted = await session.draft();
    validateDraftTree(drafted, stories260kConfig.vocabSize);
    expect(drafted.tokens[0]).toBe(root);
    expect(drafted.tokens.length).toBe(tree.totalTokens);
    // Every candidate went through d2t: it is a target id that t2d marks.
    for (const token of drafted.tokens.slice(1)) expect(head.t2d[token]).toBe(1);
    const depths = drafted.parents.map(function depth(parent: number): number {
      return parent < 0 ? 0 : 1 + depth(drafted.parents[parent] as number);
    });
    expect(Math.max(...depths)).toBeLessThanOrEqual(tree.depth + 1);
    session.dispose();
  });

  it('scores every node as the head run one token at a time along its branch (≤ 1e-4), over several rounds', async () => {
    const cache = target.lm.createCache();
    const { root, taps } = await prefill(target, cache, prompt);
    const session = drafter.createSession();
    const state = { tokens: [...prompt, root], taps: [taps] };
    await session.observe(state.tokens, { taps });
    for (let r = 0; r < 3; r++) {
      const before = { tokens: [...state.tokens], taps: concatRows(state.taps) };
      const drafted = await speculativeRound(target, { session, state, cache, accept: 'deepest' });
      expect(state.tokens.length - before.tokens.length).toBeGreaterThan(2);
      const reference = referenceTreeScores(head, target.weights.embedding, before, drafted);
      expect(drafted.scores).toHaveLength(drafted.tokens.length);
      drafted.scores?.forEach((score, node) => {
        expect(Math.abs(score - (reference[node]?.score as number))).toBeLessThan(1e-4);
        // Children are the parent's top-k under the reference too.
        expect(reference[node]?.rank).toBeLessThan(tree.topK);
      });
    }
    session.dispose();
  });

  it('keeps the greedy output of the target (lossless) and is deterministic for a seed', async () => {
    const run = async (d: Drafter): Promise<{ tokens: number[]; trees: DraftTree[] }> => {
      const cache = target.lm.createCache();
      const { root, taps } = await prefill(target, cache, prompt);
      const session = d.createSession();
      const state = { tokens: [...prompt, root], taps: [taps] };
      await session.observe(state.tokens, { taps });
      const trees: DraftTree[] = [];
      while (state.tokens.length < prompt.length + 24)
        trees.push(await speculativeRound(target, { session, state, cache }));
      session.dispose();
      return { tokens: state.tokens.slice(0, prompt.length + 24), trees };
    };
    const plain = await greedyTokens(target, prompt, 24);
    const first = await run(drafter);
    expect(first.tokens).toEqual(plain);
    const again = await createRandomEagle3Drafter({
      runtime: target.runtime,
      targetEmbedding: target.weights.embedding,
      targetConfig: stories260kConfig,
      tree,
      seed: 3,
      draftVocabSize: 96,
    });
    expect(await run(again)).toEqual(first);
    await again.dispose();
  });

  it('drafts the same tree twice in a row (tree rows are discarded)', async () => {
    const cache = target.lm.createCache();
    const { root, taps } = await prefill(target, cache, prompt);
    const session = drafter.createSession();
    await session.observe([...prompt, root], { taps });
    expect(await session.draft()).toEqual(await session.draft());
  });

  it('rejects misuse with clear errors', async () => {
    const session = drafter.createSession();
    await expect(session.draft()).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/before observe/),
    });
    await expect(session.observe([1, 2, 3], { taps: new Float32Array(192) })).rejects.toMatchObject(
      {
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/do not cover the 2 committed positions/),
      },
    );
    await expect(session.observe([1, 600], { taps: new Float32Array(192) })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/token 600/),
    });
    session.dispose();
    await expect(session.observe([1, 2], { taps: new Float32Array(192) })).rejects.toMatchObject({
      code: 'SESSION_DISPOSED',
    });
    const other = randomDraftHead({ ...stories260kConfig, vocabSize: 500 }, { seed: 1 });
    await expect(
      createEagle3Drafter({
        runtime: target.runtime,
        head: other,
        targetEmbedding: target.weights.embedding,
        targetConfig: stories260kConfig,
        tree,
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringMatching(/vocab_size 500/),
    });
  });
});
