import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DecoderInfo, ForwardResult, KvCache } from '@confu/core';
import { importLlama2c } from '@confu/checkpoint';
import type { DecoderWeights } from '@confu/checkpoint';
import { randomDecoderWeights, randomTokens } from '@confu/checkpoint/testing';
import { buildDecoderModel, defaultTapLayers } from '@confu/model-builder';
import { referenceForward } from '@confu/model-builder/testing';
import { concatExternalData } from '@confu/onnx';
import { createSeededRandom } from '@confu/sampler';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { describe, expect, it } from 'vitest';
import { CausalLm } from './causal-lm.js';
import { buildCausalLayout, buildPassLayout } from './pass-layout.js';

// A drafter's prefix rows and extra rows (a learned prompt, tokens that look ahead) must
// leave every pass row's logits, K/V and taps exactly as a plain pass computes them.

/** ≥ 7 nodes: two branches off the root, one of depth 4. */
const parents = [-1, 0, 0, 1, 1, 2, 3, 6, 2];
const N = parents.length;
const prefixLength = 16;
const runtime = createOnnxNodeRuntime();

async function openLm(
  weights: DecoderWeights,
  attention: 'onnx' | 'plain',
  maskType: 'additive' | 'bool',
): Promise<CausalLm> {
  const { config } = weights;
  const built = buildDecoderModel(weights, { attention, maskType, extraEmbeds: true });
  const session = await runtime.loadModel({
    kind: 'bytes',
    model: built.model,
    externalData: built.externalData.byteLength
      ? [{ path: built.externalData.path, data: concatExternalData(built.externalData) }]
      : [],
  });
  const info: DecoderInfo = {
    numLayers: config.numLayers,
    numKvHeads: config.numKvHeads,
    headDim: config.headDim,
    hiddenSize: config.hiddenSize,
    vocabSize: config.vocabSize,
    contextLength: config.contextLength,
    numTaps: defaultTapLayers(config.numLayers).length,
    inputs: 'ids',
    maskType,
  };
  return new CausalLm(session, info);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++)
    max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
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

function randomRows(count: number, width: number, seed: number): Float32Array {
  const random = createSeededRandom(seed);
  return Float32Array.from({ length: count * width }, () => 2 * random.next() - 1);
}

function repeatRow(row: Float32Array, count: number): Float32Array {
  const out = new Float32Array(row.length * count);
  for (let i = 0; i < count; i++) out.set(row, i * row.length);
  return out;
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
 * Plain decoding versus passes with prefix rows at the front of the cache, one extra row on the
 * last prompt row in the prefill and one per tree node.
 */
async function extraRowsScenario(
  weights: DecoderWeights,
  mode: { attention: 'onnx' | 'plain'; maskType: 'additive' | 'bool' },
  prompt: number[],
  tree: number[],
) {
  const lm = await openLm(weights, mode.attention, mode.maskType);
  const h = weights.config.hiddenSize;
  const t = prompt.length;
  const extra = randomRows(1, h, 202);
  const prefixCache = async (embeds: Float32Array) => {
    const run = await lm.forwardRows(lm.createCache(), {
      tokens: [],
      extraEmbeds: embeds,
      ...buildCausalLayout(prefixLength),
    });
    const cache = lm.createCache({ reservedRows: prefixLength });
    cache.append(run.newKeys, run.newValues);
    return cache;
  };
  const plan = { positionOffset: 1, seePrefix: true };

  const plainCache = lm.createCache();
  const plainPrefill = await lm.forward(plainCache, { tokens: prompt, taps: true });
  lm.commit(plainCache, plainPrefill);
  const plainTree = await lm.forward(plainCache, { tokens: tree, parents, taps: true });

  const cache = await prefixCache(randomRows(prefixLength, h, 101));
  const promptParents = prompt.map((_, i) => i - 1);
  const prefill = await lm.forwardRows(cache, {
    tokens: prompt,
    extraEmbeds: extra,
    ...buildPassLayout({
      committed: 0,
      reservedRows: prefixLength,
      parents: promptParents,
      plan: { ...plan, attachTo: [t - 1] },
    }),
    taps: true,
  });
  const promptRows = prompt.map((_, i) => i);
  lm.commit(cache, prefill, promptRows);
  const verifyInput = (embedding: Float32Array) => ({
    tokens: tree,
    extraEmbeds: repeatRow(embedding, N),
    ...buildPassLayout({
      committed: t,
      reservedRows: prefixLength,
      parents,
      plan: { ...plan, attachTo: parents.map((_, node) => node) },
    }),
  });
  const verify = await lm.forwardRows(cache, { ...verifyInput(extra), taps: true });
  // Ordinary forward on the prefixed cache: must skip the reserved rows by itself.
  const ordinary = await lm.forward(cache, { tokens: tree, parents, taps: true });

  const otherCache = await prefixCache(randomRows(prefixLength, h, 303));
  lm.commit(otherCache, prefill, promptRows);
  const otherPrefix = await lm.forwardRows(otherCache, { ...verifyInput(extra), taps: true });
  const otherExtra = await lm.forwardRows(cache, {
    ...verifyInput(randomRows(1, h, 404)),
    taps: true,
  });

  const reference = referenceOnCache(weights, cache, verifyInput(extra));
  const referenceRows: Rows = {
    logits: reference.logits,
    keys: reference.newKeys,
    values: reference.newValues,
    taps: reference.hiddenTaps,
  };
  await lm.dispose();

  const extraRows = (result: ForwardResult): Rows => rows(result, N, 2 * N, lm);
  const extraLogits = extraRows(verify).logits;
  const V = weights.config.vocabSize;
  let acrossNodes = 0;
  for (let i = 1; i < N; i++)
    acrossNodes = Math.max(
      acrossNodes,
      maxAbsDiff(extraLogits.subarray(0, V), extraLogits.subarray(i * V, (i + 1) * V)),
    );
  return {
    prefixRows: cache.reservedRows,
    prefill: diff(rows(prefill, 0, t, lm), rows(plainPrefill, 0, t, lm)),
    tree: diff(rows(verify, 0, N, lm), rows(plainTree, 0, N, lm)),
    ordinary: diff(rows(ordinary, 0, N, lm), rows(plainTree, 0, N, lm)),
    treeWithOtherPrefix: diff(rows(otherPrefix, 0, N, lm), rows(verify, 0, N, lm)),
    treeWithOtherExtra: diff(rows(otherExtra, 0, N, lm), rows(verify, 0, N, lm)),
    extraVsOtherPrefix: diff(extraRows(otherPrefix), extraRows(verify)),
    extraVsOtherEmbedding: diff(extraRows(otherExtra), extraRows(verify)),
    extraAcrossNodes: acrossNodes,
    graphVsReference: diff(rows(verify, 0, 2 * N, lm), referenceRows),
  };
}

type Scenario = Awaited<ReturnType<typeof extraRowsScenario>>;

function expectLossless(result: Scenario): void {
  expect(result.prefixRows).toBe(prefixLength);
  // Prefix and extra rows leave the tree (and prompt) rows unchanged.
  for (const key of [
    'prefill',
    'tree',
    'ordinary',
    'treeWithOtherPrefix',
    'treeWithOtherExtra',
  ] as const) {
    for (const value of Object.values(result[key])) expect(value, key).toBeLessThanOrEqual(1e-5);
  }
  // The extra rows do depend on the prefix, on their embedding and on their branch.
  for (const key of ['extraVsOtherPrefix', 'extraVsOtherEmbedding'] as const) {
    expect(result[key].logits, key).toBeGreaterThan(1e-3);
    expect(result[key].taps, key).toBeGreaterThan(1e-3);
  }
  expect(result.extraAcrossNodes).toBeGreaterThan(1e-3);
  for (const value of Object.values(result.graphVsReference))
    expect(value).toBeLessThanOrEqual(1e-4);
}

const modes = [
  { attention: 'onnx', maskType: 'additive' },
  { attention: 'plain', maskType: 'bool' },
] as const;

describe("a drafter's prefix and extra rows leave the pass rows' outputs unchanged", () => {
  it.each(modes)('random GQA model, $attention attention, $maskType mask', async (mode) => {
    const weights = randomDecoderWeights(
      { hiddenSize: 48, numHeads: 4, numKvHeads: 2, headDim: 16, numLayers: 4, qkNorm: true },
      31,
    );
    const V = weights.config.vocabSize;
    const result = await extraRowsScenario(
      weights,
      mode,
      randomTokens(7, V, 32),
      randomTokens(N, V, 33),
    );
    console.info(`random GQA (${mode.attention}/${mode.maskType}): ${JSON.stringify(result)}`);
    expectLossless(result);
  });

  const sharedDir =
    process.env['CONFU_SHARED_DIR'] ??
    path.resolve(fileURLToPath(new URL('../../../../shared', import.meta.url)));
  const storiesPath = path.join(sharedDir, 'models/stories260K/stories260K.bin');
  describe.skipIf(!existsSync(storiesPath))('stories260K', () => {
    it.each(modes)('$attention attention, $maskType mask', async (mode) => {
      const weights = importLlama2c(new Uint8Array(readFileSync(storiesPath)), {
        name: 'stories260K.bin',
      });
      const result = await extraRowsScenario(
        weights,
        mode,
        [1, 403, 407, 261, 378],
        [432, 383, 286, 261, 376, 298, 315, 421, 300],
      );
      console.info(`stories260K (${mode.attention}/${mode.maskType}): ${JSON.stringify(result)}`);
      expectLossless(result);
    });
  });
});
