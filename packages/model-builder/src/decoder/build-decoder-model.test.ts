import { describe, expect, it } from 'vitest';
import { referenceForward } from '../reference/reference-forward.js';
import { causalMask, maxAbsDiff } from './__fixtures__/masks.js';
import { appendRows, createSession, runDecoder } from './__fixtures__/ort-decoder.js';
import { randomDecoderWeights, randomFloats, randomTokens } from '@confu/checkpoint/testing';
import { testShapes } from './__fixtures__/test-shapes.js';
import { buildDecoderModel } from './build-decoder-model.js';

const tolerance = 1e-4;

function diffs(
  graph: {
    logits: Float32Array;
    newKeys: Float32Array[];
    newValues: Float32Array[];
    hiddenTaps: Float32Array;
  },
  reference: typeof graph,
): Record<string, number> {
  return {
    logits: maxAbsDiff(graph.logits, reference.logits),
    keys: Math.max(
      ...graph.newKeys.map((keys, layer) =>
        maxAbsDiff(keys, reference.newKeys[layer] as Float32Array),
      ),
    ),
    values: Math.max(
      ...graph.newValues.map((v, layer) =>
        maxAbsDiff(v, reference.newValues[layer] as Float32Array),
      ),
    ),
    taps: maxAbsDiff(graph.hiddenTaps, reference.hiddenTaps),
  };
}

describe('buildDecoderModel matches referenceForward', () => {
  const cases = Object.entries(testShapes).flatMap(([name, spec]) =>
    (['onnx', 'plain'] as const).flatMap((attention) =>
      (['additive', 'bool'] as const).map((maskType) => ({ name, ...spec, attention, maskType })),
    ),
  );

  it.each(cases)(
    '$name, $attention attention, $maskType mask: prefill then a step with past',
    async (testCase) => {
      const weights = randomDecoderWeights(testCase.shape, 7);
      const { attention, maskType } = testCase;
      const session = await createSession(buildDecoderModel(weights, { attention, maskType }));
      const V = weights.config.vocabSize;

      const prefill = {
        tokens: randomTokens(5, V, 11),
        positions: [0, 1, 2, 3, 4].map((p) => p + testCase.start),
        mask: causalMask(0, 5),
      };
      const graph1 = await runDecoder(session, weights.config, maskType, prefill);
      const reference1 = referenceForward(weights, prefill);
      const diff1 = diffs(graph1, reference1);

      // Second pass: 3 tokens over 5 past rows, with a mask that also hides some past rows.
      const step = {
        tokens: randomTokens(3, V, 12),
        positions: [5, 6, 6].map((p) => p + testCase.start),
        mask: [
          [true, true, true, true, true, true, false, false],
          [true, true, true, true, true, true, true, false],
          [false, true, false, true, true, true, false, true],
        ],
      };
      const graph2 = await runDecoder(session, weights.config, maskType, {
        ...step,
        past: appendRows(undefined, graph1),
      });
      const reference2 = referenceForward(weights, {
        ...step,
        past: appendRows(undefined, reference1),
      });
      const diff2 = diffs(graph2, reference2);
      await session.release();

      console.info(
        `${testCase.name} [${attention}, ${maskType}] prefill ${JSON.stringify(diff1)} step ${JSON.stringify(diff2)}`,
      );
      for (const value of [...Object.values(diff1), ...Object.values(diff2)])
        expect(value).toBeLessThanOrEqual(tolerance);
    },
  );

  it.each(['onnx', 'plain'] as const)(
    'inputs_embeds and explicit tap layers (%s attention)',
    async (attention) => {
      const weights = randomDecoderWeights(
        {
          hiddenSize: 32,
          numHeads: 4,
          numKvHeads: 2,
          headDim: 8,
          numLayers: 4,
          tiedEmbeddings: false,
        },
        3,
      );
      const tapLayers = [3, 0];
      const session = await createSession(
        buildDecoderModel(weights, { attention, inputs: 'embeds', tapLayers }),
      );
      const pass = {
        embeds: randomFloats(4 * 32, 5),
        positions: [0, 1, 2, 3],
        mask: causalMask(0, 4),
      };
      const graph = await runDecoder(session, weights.config, 'additive', pass);
      const reference = referenceForward(weights, { ...pass, tapLayers });
      await session.release();
      expect(graph.hiddenTaps.length).toBe(4 * 2 * 32);
      for (const value of Object.values(diffs(graph, reference)))
        expect(value).toBeLessThanOrEqual(tolerance);
      expect(session.inputNames).not.toContain('input_ids');
    },
  );
});
