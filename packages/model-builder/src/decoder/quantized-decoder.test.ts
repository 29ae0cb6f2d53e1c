import { storedWeights } from '@confu/checkpoint';
import { randomDecoderWeights, randomTokens } from '@confu/checkpoint/testing';
import { describe, expect, it } from 'vitest';
import { referenceForward } from '../reference/reference-forward.js';
import { causalMask, maxAbsDiff, treeMask } from './__fixtures__/masks.js';
import { appendRows, createSession, runDecoder } from './__fixtures__/ort-decoder.js';
import { buildDecoderModel, embeddingDtype } from './build-decoder-model.js';

// Quantised graphs compute the reference forward pass over the weights they store (the oracle),
// exactly with accuracy level 0 and within the int8-activation error with level 4; a tree pass
// still equals chain passes along its branches.

const shapes = {
  'GQA 4/2, tied, FFN not a multiple of 32': {
    hiddenSize: 64,
    numHeads: 4,
    numKvHeads: 2,
    headDim: 16,
    intermediateSize: 172,
    vocabSize: 96,
  },
  'MHA, untied, q/k/v biases': {
    hiddenSize: 32,
    numHeads: 2,
    numKvHeads: 2,
    headDim: 16,
    tiedEmbeddings: false,
    qkvBias: true,
    vocabSize: 80,
  },
};

describe.each(Object.entries(shapes))('quantised decoder graphs (%s)', (_, shape) => {
  const weights = randomDecoderWeights(shape, 5);
  const V = weights.config.vocabSize;
  const prompt = randomTokens(6, V, 6);
  const prefill = { tokens: prompt, positions: prompt.map((__, i) => i), mask: causalMask(0, 6) };

  it.each([
    ['q8', 0, 2e-4],
    ['q4', 0, 2e-4],
    ['fp16', 4, 2e-4],
    ['q8', 4, 0.5],
    ['q4', 4, 0.5],
  ] as const)(
    '%s, accuracy level %i: logits within %f of the reference over the stored weights',
    async (dtype, accuracyLevel, tolerance) => {
      const session = await createSession(buildDecoderModel(weights, { dtype, accuracyLevel }));
      const graph = await runDecoder(session, weights.config, 'additive', prefill);
      // q4 graphs keep the embedding / LM head at q8 (embeddingDtype's default).
      const reference = referenceForward(
        storedWeights(weights, dtype, embeddingDtype(dtype, undefined)),
        prefill,
      );
      const error = maxAbsDiff(graph.logits, reference.logits);
      expect(error).toBeLessThan(tolerance);
      // The quantisation is real: the fp32 model's logits differ.
      if (dtype !== 'fp16')
        expect(
          maxAbsDiff(referenceForward(weights, prefill).logits, reference.logits),
        ).toBeGreaterThan(1e-4);
      await session.release();
    },
  );

  it('q4 at accuracy level 4: a tree pass equals chain passes along each branch', async () => {
    const session = await createSession(
      buildDecoderModel(weights, { dtype: 'q4', accuracyLevel: 4 }),
    );
    const first = await runDecoder(session, weights.config, 'additive', prefill);
    const past = appendRows(undefined, first);
    const parents = [-1, 0, 0, 1];
    const tokens = randomTokens(4, V, 7);
    const depths = [0, 1, 1, 2];
    const tree = await runDecoder(session, weights.config, 'additive', {
      tokens,
      positions: depths.map((d) => 6 + d),
      mask: treeMask(6, parents),
      past,
    });
    for (const branch of [
      [0, 1, 3],
      [0, 2],
    ]) {
      const chain = await runDecoder(session, weights.config, 'additive', {
        tokens: branch.map((node) => tokens[node] as number),
        positions: branch.map((_, i) => 6 + i),
        mask: causalMask(6, branch.length),
        past,
      });
      branch.forEach((node, row) => {
        expect(
          maxAbsDiff(
            chain.logits.subarray(row * V, (row + 1) * V),
            tree.logits.subarray(node * V, (node + 1) * V),
          ),
        ).toBeLessThan(1e-4);
      });
    }
    await session.release();
  });
});
