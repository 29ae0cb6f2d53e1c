import {
  expandDecoder,
  expandDraftHead,
  expandedWeights,
  randomDraftHead,
} from '@confu/checkpoint';
import type { DecoderWeights, ExpandShape } from '@confu/checkpoint';
import { randomDecoderWeights, randomFloats, randomTokens } from '@confu/checkpoint/testing';
import { describe, expect, it } from 'vitest';
import { moeEmbedding } from '../draft-head/moe-embedding.js';
import { referenceDraftHeadForward } from '../draft-head/reference-draft-head-forward.js';
import { referenceForward } from './reference-forward.js';

// docs/realistic-targets.md: an expanded checkpoint computes the original's function. Checked with
// the float64 reference passes, so only the expansion (not a runtime) is under test.

const shape: ExpandShape = {
  name: 'test',
  hiddenSize: 40,
  numLayers: 4,
  numHeads: 6,
  numKvHeads: 3,
  headDim: 8,
  intermediateSize: 48,
  vocabSize: 64,
};
const taps = [1, 1, 2];

function causal(count: number): boolean[][] {
  return Array.from({ length: count }, (_, row) =>
    Array.from({ length: count }, (_, col) => col <= row),
  );
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++)
    max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

/** `[rows, width]` columns `0 … cols−1` of each row. */
function columns(
  data: Float32Array,
  width: number,
  cols: number,
  blocks = 1,
  blockWidth = width / blocks,
): Float32Array {
  const rows = data.length / width;
  const out = new Float32Array(rows * cols * blocks);
  for (let row = 0; row < rows; row++)
    for (let block = 0; block < blocks; block++)
      out.set(
        data.subarray(row * width + block * blockWidth, row * width + block * blockWidth + cols),
        (row * blocks + block) * cols,
      );
  return out;
}

describe.each([
  ['tied, no biases', { tiedEmbeddings: true, qkvBias: false }],
  ['untied, q/k/v biases', { tiedEmbeddings: false, qkvBias: true }],
])('an expanded decoder (%s) computes the same function', (_, features) => {
  const weights: DecoderWeights = randomDecoderWeights(
    {
      hiddenSize: 16,
      numHeads: 4,
      numKvHeads: 2,
      headDim: 4,
      numLayers: 3,
      vocabSize: 40,
      ...features,
    },
    7,
  );
  const expanded = expandDecoder(weights, shape, taps);
  const big = expandedWeights(expanded, weights);
  const tokens = randomTokens(9, 40, 8);

  it('gives the same logits on the real vocabulary, exactly 0 past it, and the same taps', () => {
    const small = referenceForward(weights, {
      tokens,
      positions: tokens.map((_, i) => i),
      mask: causal(9),
      tapLayers: taps,
    });
    const large = referenceForward(big, {
      tokens,
      positions: tokens.map((_, i) => i),
      mask: causal(9),
    });
    expect(maxAbs(columns(large.logits, 64, 40), small.logits)).toBeLessThan(1e-5);
    expect(
      Array.from(large.logits)
        .filter((_, i) => i % 64 >= 40)
        .every((v) => v === 0),
    ).toBe(true);
    // Taps: the real dims of each of the three h′ blocks.
    expect(maxAbs(columns(large.hiddenTaps, 3 * 40, 16, 3), small.hiddenTaps)).toBeLessThan(1e-5);
    expect(big.config.rmsNormEps).toBeCloseTo((weights.config.rmsNormEps * 16) / 40, 15);
  });
});

describe('an expanded draft head computes the same function', () => {
  const weights = randomDecoderWeights(
    { hiddenSize: 16, numHeads: 4, numKvHeads: 2, headDim: 4, numLayers: 3, vocabSize: 40 },
    9,
  );
  const expanded = expandDecoder(weights, shape, taps);
  const big = expandedWeights(expanded, weights);
  const head = randomDraftHead(weights.config, {
    seed: 5,
    draftVocabSize: 24,
    confu: { mode: 'moe', softPromptLength: 2, numExperts: 4, topK: 2 },
  });
  const bigHead = expandDraftHead(head, {
    target: expanded.map,
    draftVocabSize: 32,
    tapLayers: taps,
  });

  it('on the taps pass and the hidden pass: same real draft logits and features, padded logits 0', () => {
    const smallTaps = randomFloats(3 * 3 * 16, 11);
    const bigTaps = new Float32Array(3 * 3 * 40);
    for (let row = 0; row < 3; row++)
      for (let block = 0; block < 3; block++)
        bigTaps.set(
          smallTaps.subarray(row * 48 + block * 16, row * 48 + block * 16 + 16),
          row * 120 + block * 40,
        );
    const smallHidden = randomFloats(2 * 16, 12);
    const bigHidden = new Float32Array(2 * 40);
    for (let row = 0; row < 2; row++)
      bigHidden.set(smallHidden.subarray(row * 16, row * 16 + 16), row * 40);
    const pass = { tokens: [3, 17, 9, 22, 5], positions: [0, 1, 2, 2, 3], mask: causal(5) };
    const small = referenceDraftHeadForward(head, weights.embedding, {
      ...pass,
      taps: smallTaps,
      hidden: smallHidden,
    });
    const large = referenceDraftHeadForward(bigHead, big.embedding, {
      ...pass,
      taps: bigTaps,
      hidden: bigHidden,
    });
    expect(maxAbs(columns(large.logits, 32, 24), small.logits)).toBeLessThan(1e-5);
    expect(
      Array.from(large.logits)
        .filter((_, i) => i % 32 >= 24)
        .every((v) => v === 0),
    ).toBe(true);
    expect(maxAbs(columns(large.hiddenOut, 40, 16), small.hiddenOut)).toBeLessThan(1e-5);

    // ConFu: the [con] MoE over the (block-mapped) taps gives the padded embedding.
    const smallMoe = moeEmbedding(
      head.confu?.conRouter as Float32Array,
      head.confu?.conExperts as Float32Array,
      smallTaps.subarray(0, 48),
      2,
    );
    const bigMoe = moeEmbedding(
      bigHead.confu?.conRouter as Float32Array,
      bigHead.confu?.conExperts as Float32Array,
      bigTaps.subarray(0, 120),
      2,
    );
    expect(maxAbs(bigMoe.subarray(0, 16), smallMoe)).toBeLessThan(1e-6);
    expect(Array.from(bigMoe.subarray(16)).every((v) => v === 0)).toBe(true);
  });
});
