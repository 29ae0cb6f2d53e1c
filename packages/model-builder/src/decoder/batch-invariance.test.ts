import type { ModelDtype } from '@confu/core';
import { randomDecoderWeights, randomTokens } from '@confu/checkpoint/testing';
import { describe, expect, it } from 'vitest';
import { causalMask, treeMask } from './__fixtures__/masks.js';
import { appendRows, createSession, runDecoder } from './__fixtures__/ort-decoder.js';
import { buildDecoderModel } from './build-decoder-model.js';

// Lossless speculative decoding needs a row's outputs to be the same bits whether the row runs
// alone (plain decoding) or among others (prefill, verification): with int8 activations (q8 / q4
// at accuracy level 4) a last-bit difference upstream re-rounds into a different token. Every
// decoder graph is batch-invariant on this runtime: logits and new K/V of each row are bit-equal
// between one pass over a chain or tree and row-by-row decoding.

const shapes = {
  'GQA 4/2': { hiddenSize: 64, numHeads: 4, numKvHeads: 2, headDim: 16, vocabSize: 96 },
  'MHA (one query head per KV head)': {
    hiddenSize: 32,
    numHeads: 2,
    numKvHeads: 2,
    headDim: 16,
    vocabSize: 80,
  },
};
const dtypes: readonly ModelDtype[] = ['fp32', 'q8', 'q4'];

describe.each(Object.entries(shapes))('batch invariance (%s)', (_, shape) => {
  const weights = randomDecoderWeights(
    { ...shape, numLayers: 3, intermediateSize: 96, contextLength: 1024 },
    11,
  );
  const { vocabSize: V, numLayers: L } = weights.config;
  const tokens = randomTokens(24, V, 12);

  it.each(dtypes)('%s: one 24-row pass equals 24 single-row passes, bit for bit', async (dtype) => {
    const session = await createSession(buildDecoderModel(weights, { dtype, accuracyLevel: 4 }));
    const whole = await runDecoder(session, weights.config, 'additive', {
      tokens,
      positions: tokens.map((__, i) => i),
      mask: causalMask(0, tokens.length),
    });
    let past: ReturnType<typeof appendRows> | undefined;
    for (const [row, token] of tokens.entries()) {
      const single = await runDecoder(session, weights.config, 'additive', {
        tokens: [token],
        positions: [row],
        mask: causalMask(row, 1),
        ...(past ? { past } : {}),
      });
      expect(single.logits, `row ${row}`).toEqual(whole.logits.subarray(row * V, (row + 1) * V));
      for (let layer = 0; layer < L; layer++) {
        const size = single.newKeys[layer]?.length as number;
        expect(single.newKeys[layer]).toEqual(
          whole.newKeys[layer]?.subarray(row * size, (row + 1) * size),
        );
      }
      past = appendRows(past, single);
    }
  });

  // 600 past rows: sums over keys span several of the kernel's K blocks.
  it.each(dtypes.flatMap((dtype) => [9, 600].map((past) => [dtype, past] as const)))(
    '%s, %i past rows: tree rows equal single-row passes along their branch',
    async (dtype, pastRows) => {
      const session = await createSession(buildDecoderModel(weights, { dtype, accuracyLevel: 4 }));
      const prefix = randomTokens(pastRows, V, 14);
      const first = await runDecoder(session, weights.config, 'additive', {
        tokens: prefix,
        positions: prefix.map((__, i) => i),
        mask: causalMask(0, prefix.length),
      });
      const past = appendRows(undefined, first);
      // Root 0; branches 0→1→3 and 0→2→4→5.
      const parents = [-1, 0, 0, 1, 2, 4];
      const depth = [0, 1, 1, 2, 2, 3];
      const nodes = randomTokens(parents.length, V, 13);
      const tree = await runDecoder(session, weights.config, 'additive', {
        tokens: nodes,
        positions: depth.map((d) => prefix.length + d),
        mask: treeMask(prefix.length, parents),
        past,
      });
      for (const branch of [
        [0, 1, 3],
        [0, 2, 4, 5],
      ]) {
        let branchPast = past;
        for (const [step, node] of branch.entries()) {
          const single = await runDecoder(session, weights.config, 'additive', {
            tokens: [nodes[node] as number],
            positions: [prefix.length + (depth[node] as number)],
            mask: causalMask(prefix.length + step, 1),
            past: branchPast,
          });
          expect(single.logits, `node ${node}`).toEqual(
            tree.logits.subarray(node * V, (node + 1) * V),
          );
          branchPast = appendRows(branchPast, single);
        }
      }
    },
  );
});
