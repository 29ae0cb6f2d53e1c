import { describe, expect, it } from 'vitest';
import { randomDecoderWeights } from '../testing/random-decoder-weights.js';
import { randomDraftHead } from '../draft-head/random-draft-head.js';
import { expandDecoder } from './expand-decoder.js';
import { expandDraftHead } from './expand-draft-head.js';
import { expandShapes } from './expand-shapes.js';
import type { ExpandShape } from './expand-shapes.js';
import { createExpansionMap } from './expansion-map.js';

// stories260K's dimensions (docs/realistic-targets.md).
const stories = {
  hiddenSize: 64,
  numLayers: 5,
  numHeads: 8,
  numKvHeads: 4,
  headDim: 8,
  intermediateSize: 172,
  vocabSize: 512,
};
const smollm2135m: ExpandShape = {
  name: 'smollm2-135m',
  hiddenSize: 576,
  numLayers: 30,
  numHeads: 9,
  numKvHeads: 3,
  headDim: 64,
  intermediateSize: 1536,
  vocabSize: 49152,
};

describe('createExpansionMap', () => {
  it('fits stories260K into every named shape', () => {
    for (const shape of Object.values(expandShapes)) {
      expect(() => createExpansionMap(stories, shape, 'stories260K')).not.toThrow();
    }
  });

  it('keeps RoPE frequencies: real pair j lands on expanded pair j·d′/d (rotate_half layout)', () => {
    const map = createExpansionMap(stories, expandShapes['100m'] as ExpandShape, 'stories260K');
    expect(map.headRatio).toBe(8);
    // Query head 3 = slot 1 of KV group 1 → expanded head 3; dims 0..3 → 0,8,16,24; 4..7 → 32..56.
    expect([0, 1, 3, 4, 7].map((dim) => map.qRow(3 * 8 + dim))).toEqual([
      3 * 64 + 0,
      3 * 64 + 8,
      3 * 64 + 24,
      3 * 64 + 32,
      3 * 64 + 56,
    ]);
    expect(map.kvRow(2 * 8 + 5)).toBe(2 * 64 + 32 + 8);
    expect(map.queryScale).toBeCloseTo(Math.sqrt(8), 12);
    expect(map.normScale).toBeCloseTo(Math.sqrt(64 / 512), 12);
  });

  it.each([
    [smollm2135m, /3 KV heads cannot hold the model's 4/],
    [
      { ...smollm2135m, name: 'narrow', hiddenSize: 32 },
      /hidden size 32 is smaller than the model's 64/,
    ],
    [
      { ...smollm2135m, name: 'odd-head', numKvHeads: 4, numHeads: 12, headDim: 12 },
      /head dim 12 is not a multiple of the model's 8/,
    ],
    [
      { ...smollm2135m, name: 'few-groups', numHeads: 4, numKvHeads: 4 },
      /1 query heads per KV head cannot hold the model's 2/,
    ],
    [
      { ...smollm2135m, name: 'tiny-vocab', numKvHeads: 4, numHeads: 8, vocabSize: 100 },
      /vocabulary 100/,
    ],
  ])('refuses %s naming the constraint', (shape, message) => {
    expect(() => createExpansionMap(stories, shape, 'stories260K')).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(message),
      }),
    );
  });
});

describe('expandDraftHead', () => {
  const weights = randomDecoderWeights(
    { hiddenSize: 16, numHeads: 4, numKvHeads: 2, headDim: 4, vocabSize: 40 },
    3,
  );
  const shape: ExpandShape = {
    name: 'test',
    hiddenSize: 32,
    numLayers: 4,
    numHeads: 4,
    numKvHeads: 2,
    headDim: 8,
    intermediateSize: 64,
    vocabSize: 64,
  };
  const expanded = expandDecoder(weights, shape, [1, 1, 2]);
  const head = randomDraftHead(weights.config, { seed: 4, draftVocabSize: 20 });

  it('pads the draft vocabulary with ids past the original vocabulary', () => {
    const big = expandDraftHead(head, {
      target: expanded.map,
      draftVocabSize: 30,
      tapLayers: [1, 1, 2],
    });
    expect(big.config.draftVocabSize).toBe(30);
    const targets = Array.from(big.d2t, (offset, id) => id + Number(offset));
    expect(targets.slice(0, 20)).toEqual(Array.from(head.d2t, (offset, id) => id + Number(offset)));
    expect(targets.slice(20)).toEqual(Array.from({ length: 10 }, (_, i) => 40 + i));
    expect(targets.every((id) => big.t2d[id] === 1)).toBe(true);
    expect(Array.from(big.t2d).reduce((a, b) => a + b, 0)).toBe(30);
    expect(big.config.tapLayers).toEqual([1, 1, 2]);
  });

  it.each([
    [{ draftVocabSize: 10 }, /--draft-vocab must be an integer in \[20, 64\]/],
    [{ draftVocabSize: 60 }, /40 padded draft ids need as many target ids past 40/],
  ])('refuses %j', (options, message) => {
    expect(() =>
      expandDraftHead(head, { target: expanded.map, tapLayers: [1, 1, 2], ...options }),
    ).toThrow(expect.objectContaining({ message: expect.stringMatching(message) }));
  });

  it('refuses a head of another target', () => {
    const other = randomDraftHead(
      { ...weights.config, hiddenSize: 8, numHeads: 2, headDim: 4 },
      { seed: 1 },
    );
    expect(() =>
      expandDraftHead(other, { target: expanded.map, draftVocabSize: 20, tapLayers: [1, 1, 2] }),
    ).toThrow(/hidden size 8/);
  });
});
