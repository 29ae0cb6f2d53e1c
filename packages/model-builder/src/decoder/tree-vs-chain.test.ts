import { readFileSync } from 'node:fs';
import { hasStories260k, sharedPath } from '@internal/test-utils';
import { describe, expect, it } from 'vitest';
import { importLlama2c } from '@confu/checkpoint';
import { referenceForward } from '../reference/reference-forward.js';
import { causalMask, maxAbsDiff, treeDepths, treeMask, treePaths } from './__fixtures__/masks.js';
import {
  appendRows,
  createSession,
  runDecoder,
  type DecoderPass,
} from './__fixtures__/ort-decoder.js';
import { randomDecoderWeights, randomTokens } from '@confu/checkpoint/testing';
import { testShapes } from './__fixtures__/test-shapes.js';
import { buildDecoderModel } from './build-decoder-model.js';
import type { DecoderWeights } from '@confu/checkpoint';

const parents = [-1, 0, 0, 1, 1, 2, 3, 6];
const tolerance = 1e-4;
type Forward = (
  pass: DecoderPass,
) => Promise<{ logits: Float32Array; newKeys: Float32Array[]; newValues: Float32Array[] }>;

/**
 * Prefills `prompt`, runs the whole tree in one pass, then each root → leaf branch as a chain over
 * the same past; returns the largest logits / new-key difference between tree and chain rows.
 */
async function treeVersusChains(
  forward: Forward,
  weights: DecoderWeights,
  prompt: number[],
  tree: number[],
): Promise<number> {
  const V = weights.config.vocabSize;
  const P = prompt.length;
  const prefill = await forward({
    tokens: prompt,
    positions: prompt.map((_, i) => i),
    mask: causalMask(0, P),
  });
  const past = appendRows(undefined, prefill);
  const depths = treeDepths(parents);
  const treePass = await forward({
    tokens: tree,
    positions: depths.map((d) => P + d),
    mask: treeMask(P, parents),
    past,
  });
  let worst = 0;
  for (const path of treePaths(parents)) {
    const chain = await forward({
      tokens: path.map((node) => tree[node] as number),
      positions: path.map((_, i) => P + i),
      mask: causalMask(P, path.length),
      past,
    });
    path.forEach((node, i) => {
      const row = (data: Float32Array, width: number, index: number): Float32Array =>
        data.subarray(index * width, (index + 1) * width);
      const kvWidth = weights.config.numKvHeads * weights.config.headDim;
      worst = Math.max(
        worst,
        maxAbsDiff(row(treePass.logits, V, node), row(chain.logits, V, i)),
        ...treePass.newKeys.map((keys, layer) =>
          maxAbsDiff(
            row(keys, kvWidth, node),
            row(chain.newKeys[layer] as Float32Array, kvWidth, i),
          ),
        ),
      );
    });
  }
  return worst;
}

async function graphForward(
  weights: DecoderWeights,
  attention: 'onnx' | 'plain',
  maskType: 'additive' | 'bool',
): Promise<{ forward: Forward; release: () => Promise<void> }> {
  const session = await createSession(buildDecoderModel(weights, { attention, maskType }));
  return {
    forward: (pass) => runDecoder(session, weights.config, maskType, pass),
    release: () => session.release(),
  };
}

describe('a tree pass equals chain passes along each branch', () => {
  const cases = Object.entries(testShapes).flatMap(([name, { shape }]) =>
    (['onnx', 'plain'] as const).map((attention, i) => ({
      name,
      shape,
      attention,
      maskType: i === 0 ? ('additive' as const) : ('bool' as const),
    })),
  );

  it.each(cases)(
    '$name, $attention attention, $maskType mask',
    async ({ shape, attention, maskType }) => {
      const weights = randomDecoderWeights(shape, 21);
      const { forward, release } = await graphForward(weights, attention, maskType);
      const diff = await treeVersusChains(
        forward,
        weights,
        randomTokens(6, weights.config.vocabSize, 2),
        randomTokens(8, weights.config.vocabSize, 3),
      );
      await release();
      console.info(`tree vs chain, ${attention}/${maskType}: ${diff}`);
      expect(diff).toBeLessThanOrEqual(tolerance);
    },
  );

  const storiesPath = sharedPath('models/stories260K/stories260K.bin');
  const present = hasStories260k('tree vs chain on stories260K');
  describe.skipIf(!present)('stories260K', () => {
    const weights = present
      ? importLlama2c(new Uint8Array(readFileSync(storiesPath)), { name: 'stories260K.bin' })
      : undefined;
    const prompt = [1, 403, 407, 261, 378];
    const tree = [432, 383, 286, 261, 376, 298, 315, 421];

    it.each(['onnx', 'plain'] as const)('ONNX graph, %s attention', async (attention) => {
      const model = weights as DecoderWeights;
      const { forward, release } = await graphForward(
        model,
        attention,
        attention === 'onnx' ? 'additive' : 'bool',
      );
      const diff = await treeVersusChains(forward, model, prompt, tree);
      await release();
      console.info(`stories260K tree vs chain (${attention}): ${diff}`);
      expect(diff).toBeLessThanOrEqual(tolerance);
    });

    it('reference forward', async () => {
      const model = weights as DecoderWeights;
      const diff = await treeVersusChains(
        (pass) => Promise.resolve(referenceForward(model, pass)),
        model,
        prompt,
        tree,
      );
      expect(diff).toBeLessThanOrEqual(tolerance);
    });
  });
});
