import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// Test-only bridge: CausalLm and the ConFu layouts live in @confu/model, which this package does
// not depend on; the acceptance test needs them together with a real graph.
import {
  CausalLm,
  buildContemplateLayout,
  buildContemplatePrefillLayout,
  computeSoftPromptKv,
  createSoftPromptCache,
  repeatEmbedding,
  type ForwardResult,
} from '../../../model/src/index.js';
import type { KvCache } from '../../../runtime/src/index.js';
import { importLlama2c } from '../llama2c/import-llama2c.js';
import { referenceForward } from '../reference/reference-forward.js';
import { maxAbsDiff } from './__fixtures__/masks.js';
import { createModelSession } from './__fixtures__/ort-model-session.js';
import { randomDecoderWeights, randomTokens, seededRandom } from './__fixtures__/random-decoder.js';
import { sharedFile } from './__fixtures__/shared-dir.js';
import { buildDecoderModel } from './build-decoder-model.js';
import type { DecoderWeights } from './decoder-weights.js';
import { resolveTapLayers } from './tap-layers.js';

/** ≥ 7 nodes: two branches off the root, one of depth 4. */
const parents = [-1, 0, 0, 1, 1, 2, 3, 6, 2];
const N = parents.length;
const softPromptLength = 16;

async function openLm(
  weights: DecoderWeights,
  attention: 'onnx' | 'plain',
  maskType: 'additive' | 'bool',
): Promise<CausalLm> {
  const { config } = weights;
  const session = await createModelSession(buildDecoderModel(weights, { attention, maskType }));
  return new CausalLm(session, {
    numLayers: config.numLayers,
    numKvHeads: config.numKvHeads,
    headDim: config.headDim,
    hiddenSize: config.hiddenSize,
    vocabSize: config.vocabSize,
    contextLength: config.contextLength,
    numTaps: resolveTapLayers(config.numLayers).length,
    inputs: 'ids',
    maskType,
  });
}

/** Rows `[from, to)` of every output of a pass. */
function rows(result: ForwardResult, from: number, to: number, lm: CausalLm) {
  const { vocabSize: V, numKvHeads, headDim, numTaps, hiddenSize } = lm.info;
  const kv = numKvHeads * headDim;
  const taps = numTaps * hiddenSize;
  return {
    logits: result.logits.subarray(from * V, to * V),
    keys: result.newKeys.map((k) => k.subarray(from * kv, to * kv)),
    values: result.newValues.map((v) => v.subarray(from * kv, to * kv)),
    taps: (result.hiddenTaps as Float32Array).subarray(from * taps, to * taps),
  };
}

type Rows = ReturnType<typeof rows>;

function diff(a: Rows, b: Rows): { logits: number; kv: number; taps: number } {
  return {
    logits: maxAbsDiff(a.logits, b.logits),
    kv: Math.max(
      ...a.keys.map((k, l) => maxAbsDiff(k, b.keys[l] as Float32Array)),
      ...a.values.map((v, l) => maxAbsDiff(v, b.values[l] as Float32Array)),
    ),
    taps: maxAbsDiff(a.taps, b.taps),
  };
}

function randomRows(count: number, width: number, seed: number, scale = 1): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: count * width }, () => scale * random());
}

/** The reference pass over the same cache and layout (visibility as boolean rows). */
function referenceOnCache(
  weights: DecoderWeights,
  cache: KvCache,
  pass: {
    tokens: number[];
    extraEmbeds: Float32Array;
    positions: number[];
    visibility: Uint8Array;
  },
) {
  const count = pass.positions.length;
  const width = cache.length + count;
  const layers = weights.layers.map((_, layer) => layer);
  return referenceForward(weights, {
    tokens: pass.tokens,
    extraEmbeds: pass.extraEmbeds,
    positions: pass.positions,
    mask: Array.from({ length: count }, (_, row) =>
      Array.from(pass.visibility.subarray(row * width, (row + 1) * width), (v) => v === 1),
    ),
    past: {
      keys: layers.map((layer) => Float32Array.from(cache.keys(layer))),
      values: layers.map((layer) => Float32Array.from(cache.values(layer))),
    },
  });
}

/**
 * Plain decoding (no soft prompt, no contemplate tokens) versus ConFu (soft-prompt rows at the
 * front of the cache, a contemplate token in the prefill and one per tree node).
 */
async function contemplateScenario(
  weights: DecoderWeights,
  mode: { attention: 'onnx' | 'plain'; maskType: 'additive' | 'bool' },
  prompt: number[],
  tree: number[],
) {
  const lm = await openLm(weights, mode.attention, mode.maskType);
  const h = weights.config.hiddenSize;
  const t = prompt.length;
  const softPrompt = randomRows(softPromptLength, h, 101);
  const eCon = randomRows(1, h, 202);

  // Plain EAGLE-style target.
  const plainCache = lm.createCache();
  const plainPrefill = await lm.forward(plainCache, { tokens: prompt, taps: true });
  lm.commit(plainCache, plainPrefill);
  const plainTree = await lm.forward(plainCache, { tokens: tree, parents, taps: true });

  // ConFu target: soft prompt KV computed once, then prefill + one contemplate token.
  const kv = await computeSoftPromptKv(lm, softPrompt, softPromptLength);
  const cache = createSoftPromptCache(lm, kv);
  const prefill = await lm.forwardRows(cache, {
    tokens: prompt,
    extraEmbeds: eCon,
    ...buildContemplatePrefillLayout({ committed: 0, reservedRows: softPromptLength, count: t }),
    taps: true,
  });
  const promptRows = prompt.map((_, i) => i);
  lm.commit(cache, prefill, promptRows);
  const verifyInput = (embedding: Float32Array) => ({
    tokens: tree,
    extraEmbeds: repeatEmbedding(embedding, N),
    ...buildContemplateLayout({ committed: t, reservedRows: softPromptLength, parents }),
  });
  const verify = await lm.forwardRows(cache, { ...verifyInput(eCon), taps: true });
  // Ordinary forward on the soft-prompt cache: must skip the reserved rows by itself.
  const ordinary = await lm.forward(cache, { tokens: tree, parents, taps: true });

  // (b) another soft prompt, and another e_con.
  const otherCache = createSoftPromptCache(
    lm,
    await computeSoftPromptKv(lm, randomRows(softPromptLength, h, 303), softPromptLength),
  );
  lm.commit(otherCache, prefill, promptRows);
  const otherSoftPrompt = await lm.forwardRows(otherCache, { ...verifyInput(eCon), taps: true });
  const otherECon = await lm.forwardRows(cache, {
    ...verifyInput(randomRows(1, h, 404)),
    taps: true,
  });

  const reference = referenceOnCache(weights, cache, verifyInput(eCon));
  const referenceRows: Rows = {
    logits: reference.logits,
    keys: reference.newKeys,
    values: reference.newValues,
    taps: reference.hiddenTaps,
  };
  await lm.dispose();

  const contemplate = (result: ForwardResult): Rows => rows(result, N, 2 * N, lm);
  const contemplateLogits = contemplate(verify).logits;
  const V = weights.config.vocabSize;
  let acrossNodes = 0;
  for (let i = 1; i < N; i++)
    acrossNodes = Math.max(
      acrossNodes,
      maxAbsDiff(contemplateLogits.subarray(0, V), contemplateLogits.subarray(i * V, (i + 1) * V)),
    );
  return {
    softPromptRows: kv.keys[0]?.length,
    prefill: diff(rows(prefill, 0, t, lm), rows(plainPrefill, 0, t, lm)),
    tree: diff(rows(verify, 0, N, lm), rows(plainTree, 0, N, lm)),
    ordinary: diff(rows(ordinary, 0, N, lm), rows(plainTree, 0, N, lm)),
    treeWithOtherSoftPrompt: diff(rows(otherSoftPrompt, 0, N, lm), rows(verify, 0, N, lm)),
    treeWithOtherECon: diff(rows(otherECon, 0, N, lm), rows(verify, 0, N, lm)),
    contemplateVsOtherSoftPrompt: diff(contemplate(otherSoftPrompt), contemplate(verify)),
    contemplateVsOtherECon: diff(contemplate(otherECon), contemplate(verify)),
    contemplateAcrossNodes: acrossNodes,
    graphVsReference: diff(rows(verify, 0, 2 * N, lm), referenceRows),
  };
}

type Scenario = Awaited<ReturnType<typeof contemplateScenario>>;

function expectLossless(result: Scenario, kvWidth: number): void {
  expect(result.softPromptRows).toBe(softPromptLength * kvWidth);
  // (a) contemplate tokens and soft-prompt rows leave the tree (and prompt) rows unchanged.
  for (const key of [
    'prefill',
    'tree',
    'ordinary',
    'treeWithOtherSoftPrompt',
    'treeWithOtherECon',
  ] as const) {
    for (const value of Object.values(result[key])) expect(value, key).toBeLessThanOrEqual(1e-5);
  }
  // (b) the contemplate outputs depend on the soft prompt, on e_con and on the branch.
  for (const key of ['contemplateVsOtherSoftPrompt', 'contemplateVsOtherECon'] as const) {
    expect(result[key].logits, key).toBeGreaterThan(1e-3);
    expect(result[key].taps, key).toBeGreaterThan(1e-3);
  }
  expect(result.contemplateAcrossNodes).toBeGreaterThan(1e-3);
  for (const value of Object.values(result.graphVsReference))
    expect(value).toBeLessThanOrEqual(1e-4);
}

describe("ConFu's contemplate tokens leave the tree tokens' outputs unchanged", () => {
  const modes = [
    { attention: 'onnx', maskType: 'additive' },
    { attention: 'plain', maskType: 'bool' },
  ] as const;

  it.each(modes)('random GQA model, $attention attention, $maskType mask', async (mode) => {
    const weights = randomDecoderWeights(
      { hiddenSize: 48, numHeads: 4, numKvHeads: 2, headDim: 16, numLayers: 4, qkNorm: true },
      31,
    );
    const V = weights.config.vocabSize;
    const result = await contemplateScenario(
      weights,
      mode,
      randomTokens(7, V, 32),
      randomTokens(N, V, 33),
    );
    console.info(
      `ConFu random GQA (${mode.attention}/${mode.maskType}): ${JSON.stringify(result)}`,
    );
    expectLossless(result, weights.config.numKvHeads * weights.config.headDim);
  });

  const storiesPath = sharedFile('models/stories260K/stories260K.bin');
  describe.skipIf(!storiesPath)(
    storiesPath
      ? 'stories260K'
      : 'stories260K (skipped: ../shared/models/stories260K absent; set CONFU_SHARED_DIR)',
    () => {
      it.each(modes)('$attention attention, $maskType mask', async (mode) => {
        const weights = importLlama2c(new Uint8Array(readFileSync(storiesPath as string)), {
          name: 'stories260K.bin',
        });
        const result = await contemplateScenario(
          weights,
          mode,
          [1, 403, 407, 261, 378],
          [432, 383, 286, 261, 376, 298, 315, 421, 300],
        );
        console.info(
          `ConFu stories260K (${mode.attention}/${mode.maskType}): ${JSON.stringify(result)}`,
        );
        expectLossless(result, weights.config.numKvHeads * weights.config.headDim);
      });
    },
  );
});
