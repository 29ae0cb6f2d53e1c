import { describe, expect, it } from 'vitest';
import { maxAbsDiff, treeMask } from '../decoder/__fixtures__/masks.js';
import { createSession } from '../decoder/__fixtures__/ort-decoder.js';
import { randomDecoderWeights, randomFloats } from '@confu/checkpoint/testing';
import type { DecoderConfig } from '@confu/checkpoint';
import { runDraftHead } from './__fixtures__/run-draft-head.js';
import { buildDraftHeadModel } from './build-draft-head-model.js';
import type { DraftHeadBuildOptions } from './build-draft-head-model.js';
import { randomDraftHead, storedHeadWeights } from '@confu/checkpoint';
import type { DraftHeadPass } from './reference-draft-head-forward.js';
import { referenceDraftHeadForward } from './reference-draft-head-forward.js';

const llama3 = {
  type: 'llama3',
  factor: 8,
  lowFreqFactor: 1,
  highFreqFactor: 4,
  originalMaxPositionEmbeddings: 32,
} as const;

const targets: Record<string, DecoderConfig> = {
  'GQA 4/2, D 8, Vd < V': randomDecoderWeights({
    hiddenSize: 32,
    numHeads: 4,
    numKvHeads: 2,
    headDim: 8,
  }).config,
  'MHA 2/2, D 16 (H·D ≠ h), llama3 RoPE, Vd = V': randomDecoderWeights({
    hiddenSize: 48,
    numHeads: 2,
    numKvHeads: 2,
    headDim: 16,
    ropeScaling: llama3,
  }).config,
};

function causal(past: number, rows: number): boolean[][] {
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: past + rows }, (_, t) => t <= past + r),
  );
}

describe.each(Object.entries(targets))('buildDraftHeadModel (%s)', (name, target) => {
  const h = target.hiddenSize;
  const head = randomDraftHead(target, {
    seed: 7,
    draftVocabSize: name.includes('Vd < V') ? 40 : undefined,
  });
  const embedding = randomFloats(target.vocabSize * h, 3);
  const check = async (
    passes: DraftHeadPass[],
    options: DraftHeadBuildOptions = {},
  ): Promise<void> => {
    const session = await createSession(buildDraftHeadModel(head, embedding, options));
    const maskType = options.maskType ?? 'additive';
    for (const pass of passes) {
      const expected = referenceDraftHeadForward(head, embedding, pass);
      const actual = await runDraftHead(session, head.config, pass, maskType);
      expect(maxAbsDiff(actual.hiddenOut, expected.hiddenOut)).toBeLessThan(1e-4);
      expect(maxAbsDiff(actual.logits, expected.logits)).toBeLessThan(1e-4);
      expect(maxAbsDiff(actual.newKeys, expected.newKeys)).toBeLessThan(1e-4);
      expect(maxAbsDiff(actual.newValues, expected.newValues)).toBeLessThan(1e-4);
      // The graph's ranking: each row's 5 best log-softmax values and their ids.
      const Vd = head.config.draftVocabSize;
      for (let row = 0; row < pass.positions.length; row++) {
        const best = topLogSoftmax(expected.logits.subarray(row * Vd, (row + 1) * Vd), 5);
        expect(Array.from(actual.topIds.subarray(row * 5, row * 5 + 5), Number)).toEqual(best.ids);
        expect(
          maxAbsDiff(
            actual.topLogProbs.subarray(row * 5, row * 5 + 5),
            Float32Array.from(best.values),
          ),
        ).toBeLessThan(1e-4);
      }
    }
    await session.release();
  };

  // Catch-up: taps rows with causal attention; then a tree of hidden rows over that past.
  const prompt = [3, 14, 15, 9, 26, 5];
  const catchUp: DraftHeadPass = {
    tokens: prompt,
    taps: randomFloats(prompt.length * 3 * h, 11),
    positions: prompt.map((_, i) => i),
    mask: causal(0, prompt.length),
  };
  const past = referenceDraftHeadForward(head, embedding, catchUp);
  const pastRows = { keys: past.newKeys, values: past.newValues };
  const parents = [-1, -1, 0, 0, 1];
  const tree: DraftHeadPass = {
    tokens: [7, 8, 1, 2, 30],
    hidden: past.hiddenOut.subarray(h).slice(0, parents.length * h),
    positions: [6, 6, 7, 7, 7],
    // Two roots (nodes 0 and 1): each subtree sees only its own branch.
    mask: treeMask(prompt.length, parents),
    past: pastRows,
  };
  // ConFu round start: the root row plus the [f] row (token_embeds, taps of the future).
  const confuRows: DraftHeadPass = {
    tokens: [5],
    tokenEmbeds: randomFloats(h, 12),
    taps: randomFloats(2 * 3 * h, 13),
    positions: [5, 6],
    mask: [
      [true, true, true, true, true, false, true, true],
      [true, true, true, true, true, true, false, true],
    ],
    past: pastRows,
  };
  const fAlone: DraftHeadPass = {
    tokens: [],
    tokenEmbeds: randomFloats(h, 14),
    taps: randomFloats(3 * h, 15),
    positions: [6],
    mask: [[false, false, false, false, false, false, true]],
    past: pastRows,
  };
  const mixed: DraftHeadPass = {
    tokens: [1, 2],
    taps: randomFloats(3 * h, 16),
    hidden: randomFloats(h, 17),
    positions: [6, 7],
    mask: causal(prompt.length, 2),
    past: pastRows,
  };

  it('matches the reference on taps rows, hidden rows, extra embedding rows, past and tree masks', async () => {
    await check([catchUp, tree, confuRows, fAlone, mixed]);
  });

  it('matches the reference with plain attention and a bool mask', async () => {
    await check([catchUp, tree, confuRows], { attention: 'plain', maskType: 'bool' });
  });
});

/** The `k` best log-softmax values of `logits` (float64) and their ids; ties: lower id first. */
function topLogSoftmax(logits: Float32Array, k: number): { ids: number[]; values: number[] } {
  let max = -Infinity;
  for (const value of logits) max = Math.max(max, value);
  let sum = 0;
  for (const value of logits) sum += Math.exp(value - max);
  const norm = max + Math.log(sum);
  const ids = Array.from(logits, (_, id) => id)
    .sort((a, b) => (logits[b] as number) - (logits[a] as number) || a - b)
    .slice(0, k);
  return { ids, values: ids.map((id) => (logits[id] as number) - norm) };
}

describe('buildDraftHeadModel vocabulary mask', () => {
  const target = randomDecoderWeights({
    hiddenSize: 32,
    numHeads: 4,
    numKvHeads: 2,
    headDim: 8,
    vocabSize: 64,
  }).config;
  const head = randomDraftHead(target, { seed: 3, draftVocabSize: 48 });
  const embedding = randomFloats(target.vocabSize * 32, 4);
  it('never ranks draft ids mapped to target ids ≥ validTargetVocab, renormalising the rest', async () => {
    const session = await createSession(
      buildDraftHeadModel(head, embedding, { validTargetVocab: 30 }),
    );
    const pass: DraftHeadPass = {
      tokens: [3, 9],
      taps: randomFloats(2 * 96, 5),
      positions: [0, 1],
      mask: causal(0, 2),
    };
    const actual = await runDraftHead(session, head.config, pass, 'additive', 48);
    const expected = referenceDraftHeadForward(head, embedding, pass);
    const valid = Array.from(head.d2t, (offset, id) => id + Number(offset) < 30);
    for (let row = 0; row < 2; row++) {
      const logits = expected.logits
        .slice(row * 48, (row + 1) * 48)
        .map((v, id) => (valid[id] ? v : -Infinity));
      const best = topLogSoftmax(logits, 48);
      const ids = Array.from(actual.topIds.subarray(row * 48, row * 48 + 48), Number);
      const count = valid.filter(Boolean).length;
      expect(ids.slice(0, count)).toEqual(best.ids.slice(0, count));
      expect(ids.slice(0, count).every((id) => valid[id])).toBe(true);
      expect(
        Array.from(actual.topLogProbs.subarray(row * 48 + count, row * 48 + 48)).every(
          (v) => v === -Infinity,
        ),
      ).toBe(true);
      expect(
        maxAbsDiff(
          actual.topLogProbs.subarray(row * 48, row * 48 + count),
          Float32Array.from(best.values.slice(0, count)),
        ),
      ).toBeLessThan(1e-4);
    }
    await session.release();
  });
});

describe('quantised draft-head graphs', () => {
  const target = randomDecoderWeights({
    hiddenSize: 64,
    numHeads: 4,
    numKvHeads: 2,
    headDim: 16,
    vocabSize: 96,
  }).config;
  const head = randomDraftHead(target, { seed: 9, draftVocabSize: 64 });
  const embedding = randomFloats(target.vocabSize * 64, 10);
  it.each(['q8', 'q4', 'fp16'] as const)(
    '%s at accuracy level 0 computes the reference over the stored weights',
    async (dtype) => {
      const session = await createSession(
        buildDraftHeadModel(head, embedding, { dtype, accuracyLevel: 0 }),
      );
      const pass: DraftHeadPass = {
        tokens: [3, 9, 20],
        taps: randomFloats(3 * 192, 11),
        positions: [0, 1, 2],
        mask: causal(0, 3),
      };
      const stored = storedHeadWeights(head, embedding, dtype);
      const expected = referenceDraftHeadForward(stored.head, stored.targetEmbedding, pass);
      const actual = await runDraftHead(session, head.config, pass);
      expect(maxAbsDiff(actual.logits, expected.logits)).toBeLessThan(2e-4);
      expect(maxAbsDiff(actual.hiddenOut, expected.hiddenOut)).toBeLessThan(2e-4);
      await session.release();
    },
  );
});

describe('buildDraftHeadModel arguments', () => {
  const target = randomDecoderWeights({
    hiddenSize: 32,
    numHeads: 4,
    numKvHeads: 2,
    headDim: 8,
  }).config;
  const head = randomDraftHead(target, { seed: 1 });
  it('rejects an embedding of the wrong size and a bad maxPositions', () => {
    expect(() => buildDraftHeadModel(head, new Float32Array(5))).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/targetEmbedding/),
      }),
    );
    const embedding = new Float32Array(target.vocabSize * 32);
    expect(() => buildDraftHeadModel(head, embedding, { maxPositions: 0 })).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/maxPositions/),
      }),
    );
  });
});
