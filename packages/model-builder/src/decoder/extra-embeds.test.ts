import { describe, expect, it } from 'vitest';
import { referenceForward } from '../reference/reference-forward.js';
import { causalMask, maxAbsDiff } from './__fixtures__/masks.js';
import {
  appendRows,
  createSession,
  runDecoder,
  type DecoderPass,
} from './__fixtures__/ort-decoder.js';
import { randomDecoderWeights, randomFloats, randomTokens } from '@confu/checkpoint/testing';
import { testShapes } from './__fixtures__/test-shapes.js';
import { buildDecoderModel } from './build-decoder-model.js';
import { createDecoderSpec } from './decoder-spec.js';

const tolerance = 1e-4;

type Outputs = Awaited<ReturnType<typeof runDecoder>>;

function worstDiff(graph: Outputs, reference: Outputs): number {
  return Math.max(
    maxAbsDiff(graph.logits, reference.logits),
    maxAbsDiff(graph.hiddenTaps, reference.hiddenTaps),
    ...graph.newKeys.map((keys, layer) =>
      maxAbsDiff(keys, reference.newKeys[layer] as Float32Array),
    ),
    ...graph.newValues.map((values, layer) =>
      maxAbsDiff(values, reference.newValues[layer] as Float32Array),
    ),
  );
}

function randomRows(rows: number, width: number, seed: number): Float32Array {
  return randomFloats(rows * width, seed);
}

describe('extra_embeds: S token rows followed by E embedding rows', () => {
  const cases = Object.entries(testShapes).flatMap(([name, spec]) =>
    (['onnx', 'plain'] as const).flatMap((attention) =>
      (['ids', 'embeds'] as const).map((inputs, i) => ({
        name,
        ...spec,
        attention,
        inputs,
        maskType: i === 0 ? ('additive' as const) : ('bool' as const),
      })),
    ),
  );

  it.each(cases)(
    '$name, $attention attention, $inputs inputs, $maskType mask: S = 0, S + E, E = 0 match the reference',
    async ({ shape, start, attention, inputs, maskType }) => {
      const weights = randomDecoderWeights(shape, 17);
      const { hiddenSize: h, vocabSize: V } = weights.config;
      const session = await createSession(
        buildDecoderModel(weights, { attention, maskType, inputs }),
      );
      expect(session.inputNames).toContain('extra_embeds');
      const tokenInput = (count: number, seed: number): Pick<DecoderPass, 'tokens' | 'embeds'> =>
        inputs === 'ids'
          ? { tokens: randomTokens(count, V, seed) }
          : { embeds: randomRows(count, h, seed) };
      const both = async (pass: DecoderPass): Promise<{ graph: Outputs; diff: number }> => {
        const graph = await runDecoder(session, weights.config, maskType, pass);
        return { graph, diff: worstDiff(graph, referenceForward(weights, pass)) };
      };

      // S = 0: only extra rows, causal among themselves (the soft-prompt precompute).
      const softPrompt = await both({
        ...tokenInput(0, 1),
        extraEmbeds: randomRows(4, h, 2),
        positions: [0, 1, 2, 3],
        mask: causalMask(0, 4),
      });
      // S = 5, E = 2 over no past: the last extra row sees everything, the other only itself.
      const prefillMask = causalMask(0, 7);
      prefillMask[5] = [false, false, false, false, false, true, false];
      const prefill = await both({
        ...tokenInput(5, 3),
        extraEmbeds: randomRows(2, h, 4),
        positions: [0, 1, 2, 3, 4, 5, 5].map((p) => p + start),
        mask: prefillMask,
      });
      // E = 0 over 7 past rows, hiding some of them.
      const past = appendRows(undefined, prefill.graph);
      const step = await both({
        ...tokenInput(3, 5),
        positions: [5, 6, 6].map((p) => p + start),
        mask: [
          [true, true, true, true, true, false, false, true, false, false],
          [true, true, true, true, true, false, true, true, true, false],
          [false, true, false, true, true, true, false, true, false, true],
        ],
        past,
      });
      // S = 2, E = 2 with past (a tiny tree plus contemplate rows).
      const mixed = await both({
        ...tokenInput(2, 6),
        extraEmbeds: randomRows(2, h, 7),
        positions: [5, 6, 6, 7].map((p) => p + start),
        mask: [
          [false, false, true, true, true, true, true, true, false, false, false],
          [false, false, true, true, true, true, true, true, true, false, false],
          [true, true, true, true, true, true, true, true, false, true, false],
          [true, true, true, true, true, true, true, true, true, false, true],
        ].map((row) => row.slice(0, 11)),
        past,
      });
      await session.release();

      const diffs = [softPrompt, prefill, step, mixed].map(({ diff }) => diff);
      console.info(`extra_embeds ${attention}/${inputs}/${maskType}: ${JSON.stringify(diffs)}`);
      expect(softPrompt.graph.logits.length).toBe(4 * V);
      expect(mixed.graph.logits.length).toBe(4 * V);
      for (const diff of diffs) expect(diff).toBeLessThanOrEqual(tolerance);
    },
  );

  it('feeding E = 0 gives the same outputs as a graph built without extra_embeds', async () => {
    const weights = randomDecoderWeights(
      { hiddenSize: 32, numHeads: 4, numKvHeads: 2, headDim: 8 },
      4,
    );
    const withExtra = await createSession(buildDecoderModel(weights));
    const without = await createSession(buildDecoderModel(weights, { extraEmbeds: false }));
    expect(without.inputNames).not.toContain('extra_embeds');
    const pass = { tokens: [1, 5, 9, 2], positions: [0, 1, 2, 3], mask: causalMask(0, 4) };
    const a = await runDecoder(withExtra, weights.config, 'additive', pass);
    const b = await runDecoder(without, weights.config, 'additive', pass);
    await Promise.all([withExtra.release(), without.release()]);
    expect(worstDiff(a, b)).toBe(0);
  });

  it('is recorded in the spec and validated as a boolean', () => {
    const weights = randomDecoderWeights({
      hiddenSize: 16,
      numHeads: 2,
      numKvHeads: 1,
      headDim: 8,
    });
    const sha256 = 'cd'.repeat(32);
    expect(createDecoderSpec(weights, { sha256, sourceKind: 'llama2c' }).extraEmbeds).toBe(true);
    expect(
      createDecoderSpec(weights, { sha256, sourceKind: 'llama2c', extraEmbeds: false }).extraEmbeds,
    ).toBe(false);
    expect(() => buildDecoderModel(weights, { extraEmbeds: 'yes' as unknown as boolean })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('reference forward rejects extra rows that do not fit the positions', () => {
    const weights = randomDecoderWeights({
      hiddenSize: 16,
      numHeads: 2,
      numKvHeads: 1,
      headDim: 8,
    });
    expect(() =>
      referenceForward(weights, {
        tokens: [1],
        extraEmbeds: new Float32Array(16),
        positions: [0],
        mask: [[true]],
      }),
    ).toThrow(/1 tokens \+ 1 extra rows but 1 positions/);
    expect(() =>
      referenceForward(weights, {
        tokens: [],
        extraEmbeds: new Float32Array(17),
        positions: [0],
        mask: [[true]],
      }),
    ).toThrow(/not a multiple of h = 16/);
  });
});
