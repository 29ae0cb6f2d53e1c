import { describe, expect, it } from 'vitest';
import { causalMask, maxAbsDiff } from '../decoder/__fixtures__/masks.js';
import { appendRows } from '../decoder/__fixtures__/ort-decoder.js';
import { randomDecoderWeights } from '@confu/checkpoint/testing';
import { referenceForward } from './reference-forward.js';

const weights = randomDecoderWeights(
  { hiddenSize: 32, numHeads: 4, numKvHeads: 2, headDim: 8, numLayers: 2 },
  9,
);

describe('referenceForward', () => {
  it('gives the same logits and rows for one prefill as for token-by-token steps over its own KV rows', () => {
    const tokens = [3, 14, 15, 9, 26];
    const whole = referenceForward(weights, {
      tokens,
      positions: [0, 1, 2, 3, 4],
      mask: causalMask(0, 5),
    });
    let past: ReturnType<typeof appendRows> | undefined;
    tokens.forEach((token, position) => {
      const step = referenceForward(weights, {
        tokens: [token],
        positions: [position],
        mask: causalMask(position, 1),
        ...(past ? { past } : {}),
      });
      const V = weights.config.vocabSize;
      expect(
        maxAbsDiff(step.logits, whole.logits.subarray(position * V, (position + 1) * V)),
      ).toBeLessThan(1e-5);
      past = appendRows(past, step);
    });
    past?.keys.forEach((keys, layer) =>
      expect(maxAbsDiff(keys, whole.newKeys[layer] as Float32Array)).toBeLessThan(1e-6),
    );
  });

  it('ignores what the mask hides', () => {
    const visible = referenceForward(weights, {
      tokens: [1, 2],
      positions: [0, 1],
      mask: [
        [true, false],
        [false, true],
      ],
    });
    const alone = referenceForward(weights, { tokens: [2], positions: [1], mask: [[true]] });
    expect(maxAbsDiff(visible.logits.subarray(weights.config.vocabSize), alone.logits)).toBe(0);
  });

  it.each([
    [
      'both tokens and embeds',
      { tokens: [1], embeds: new Float32Array(32), positions: [0], mask: [[true]] },
      /exactly one of/,
    ],
    [
      'a mask row hiding every key',
      {
        tokens: [1, 2],
        positions: [0, 1],
        mask: [
          [true, false],
          [false, false],
        ],
      },
      /mask row 1 hides every key/,
    ],
    [
      'a short mask row',
      { tokens: [1], positions: [0], mask: [[true, true]] },
      /mask row 0 has 2 entries, expected P \+ S = 1/,
    ],
    [
      'a token outside the vocabulary',
      { tokens: [64], positions: [0], mask: [[true]] },
      /token 64 is outside \[0, 64\)/,
    ],
    [
      'a position beyond the context',
      { tokens: [1], positions: [128], mask: [[true]] },
      /position 128 is outside/,
    ],
    [
      'ragged past rows',
      {
        tokens: [1],
        positions: [0],
        mask: [[true, true]],
        past: {
          keys: [new Float32Array(3), new Float32Array(3)],
          values: [new Float32Array(3), new Float32Array(3)],
        },
      },
      /not a multiple of KVH·D = 16/,
    ],
  ])('rejects %s with INVALID_ARGUMENT', (_, input, message) => {
    expect(() => referenceForward(weights, input)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(message),
      }),
    );
  });
});
