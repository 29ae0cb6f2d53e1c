import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maxAbsDiff } from '@internal/test-utils';
import { describe, expect, it } from 'vitest';
import { bfloat16ToFloat32, float32ToBfloat16 } from '@confu/checkpoint';
import { randomDecoderWeights } from '@confu/checkpoint/testing';
import { referenceForward } from '@confu/model-builder/testing';
import type { DecoderConfig, DecoderWeights } from '@confu/checkpoint';
import { writeHfCheckpoint } from './__fixtures__/random-hf-checkpoint.js';
import { loadModel } from './load-model.js';

function causalMask(past: number, count: number): boolean[][] {
  return Array.from({ length: count }, (_, row) =>
    Array.from({ length: past + count }, (_, column) => column <= past + row),
  );
}

const base: DecoderConfig = {
  hiddenSize: 32,
  intermediateSize: 48,
  numLayers: 4,
  numHeads: 4,
  numKvHeads: 2,
  headDim: 8,
  vocabSize: 29,
  contextLength: 64,
  ropeTheta: 10000,
  rmsNormEps: 1e-6,
  tiedEmbeddings: false,
  qkvBias: false,
  qkNorm: false,
};

const cases: {
  name: string;
  modelType: 'llama' | 'qwen2' | 'qwen3';
  config: DecoderConfig;
  dtype: 'F32' | 'BF16';
}[] = [
  { name: 'llama, GQA, untied, f32', modelType: 'llama', config: base, dtype: 'F32' },
  {
    name: 'qwen2, q/k/v bias, tied, f32',
    modelType: 'qwen2',
    config: { ...base, qkvBias: true, tiedEmbeddings: true },
    dtype: 'F32',
  },
  {
    name: 'qwen3, q/k norm, head_dim 16 ≠ hidden/heads, bf16',
    modelType: 'qwen3',
    config: { ...base, qkNorm: true, headDim: 16, numKvHeads: 4 },
    dtype: 'BF16',
  },
];

function roundToBfloat16(weights: DecoderWeights): DecoderWeights {
  const round = (array: Float32Array): Float32Array => bfloat16ToFloat32(float32ToBfloat16(array));
  const mapObject = <T extends object>(object: T): T =>
    Object.fromEntries(
      Object.entries(object).map(([key, value]) => [
        key,
        value instanceof Float32Array ? round(value) : value,
      ]),
    ) as T;
  return { ...mapObject(weights), layers: weights.layers.map(mapObject) };
}

describe('loadModel on a Hugging Face checkpoint', () => {
  it.each(cases)(
    'converts $name and matches the TypeScript reference forward pass, taps included',
    async ({ modelType, config, dtype }) => {
      const weights = randomDecoderWeights(config, 7);
      const directory = await mkdtemp(join(tmpdir(), 'confu-hf-'));
      await writeHfCheckpoint(directory, weights, modelType, dtype);
      const reference = dtype === 'BF16' ? roundToBfloat16(weights) : weights;
      const model = await loadModel(directory, {
        cacheDirectory: await mkdtemp(join(tmpdir(), 'confu-cache-')),
      });
      try {
        const cache = model.lm.createCache();
        const prompt = model.encode('hello');
        const next = [5, 9];

        const first = await model.lm.forward(cache, { tokens: prompt, taps: true });
        model.lm.commit(cache, first);
        const second = await model.lm.forward(cache, { tokens: next, taps: true });
        const expectedFirst = referenceForward(reference, {
          tokens: prompt,
          positions: prompt.map((_, index) => index),
          mask: causalMask(0, prompt.length),
        });
        const expectedSecond = referenceForward(reference, {
          tokens: next,
          positions: next.map((_, index) => prompt.length + index),
          mask: causalMask(prompt.length, next.length),
          past: { keys: expectedFirst.newKeys, values: expectedFirst.newValues },
        });

        expect(prompt).toEqual([1, 10, 7, 14, 14, 17]);
        expect(maxAbsDiff(first.logits, expectedFirst.logits)).toBeLessThanOrEqual(1e-4);
        expect(
          maxAbsDiff(first.hiddenTaps as Float32Array, expectedFirst.hiddenTaps),
        ).toBeLessThanOrEqual(1e-4);
        expect(maxAbsDiff(second.logits, expectedSecond.logits)).toBeLessThanOrEqual(1e-4);
        expect(
          maxAbsDiff(second.hiddenTaps as Float32Array, expectedSecond.hiddenTaps),
        ).toBeLessThanOrEqual(1e-4);
        expect(
          maxAbsDiff(second.newKeys[3] as Float32Array, expectedSecond.newKeys[3] as Float32Array),
        ).toBeLessThanOrEqual(1e-4);
      } finally {
        await model.dispose();
      }
    },
  );
});
