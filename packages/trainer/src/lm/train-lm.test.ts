import { createMemoryFileSource, importHuggingFace } from '@confu/checkpoint';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { describe, expect, it } from 'vitest';
import { decoderWeightsFromLm } from './lm-parameters.js';
import { lmModelFiles } from './lm-model-files.js';
import { trainLm } from './train-lm.js';
import type { TrainLmOptions } from './train-lm.js';
import { tinyDocuments, tinyLmConfig } from './__fixtures__/tiny-lm.js';

const options: TrainLmOptions = {
  runtime: createOnnxNodeRuntime({ numThreads: 1 }),
  config: tinyLmConfig,
  data: { kind: 'documents', documents: tinyDocuments(60) },
  evalDocuments: tinyDocuments(8, 7),
  evalEvery: 10,
  steps: 60,
  batch: 2,
  seq: 12,
  accumulation: 2,
  lr: 5e-2,
  warmupSteps: 4,
  session: { numThreads: 1 },
};
const mean = (values: readonly number[]): number =>
  values.reduce((a, b) => a + b, 0) / values.length;

describe('trainLm', () => {
  it('learns rule-generated documents: training and held-out losses fall', async () => {
    const result = await trainLm(options);

    expect(result.losses).toHaveLength(60);
    expect(mean(result.losses.slice(-5))).toBeLessThan(0.6 * mean(result.losses.slice(0, 5)));
    expect(result.evaluations.map((evaluation) => evaluation.step)).toEqual([
      10, 20, 30, 40, 50, 60,
    ]);
    expect(result.evaluations.at(-1)?.loss).toBeLessThan(result.evaluations[0]?.loss as number);
    expect(result.settings).toMatchObject({ loss: 'labels', accumulation: 2, seq: 12 });
  });

  it('stopped with a checkpoint and resumed, ends with the same parameters bit for bit', async () => {
    const uninterrupted = await trainLm({ ...options, steps: 12, evalDocuments: [] });
    let saved: Uint8Array | undefined;
    const stopped = await trainLm({
      ...options,
      steps: 12,
      stopAfter: 5,
      checkpoint: {
        every: 0,
        write: async (bytes) => {
          saved = bytes;
        },
      },
    });

    const resumed = await trainLm({ ...options, steps: 12, resume: saved });

    expect(stopped.lastStep).toBe(5);
    expect(resumed.losses).toEqual(uninterrupted.losses.slice(5));
    for (const [name, data] of Object.entries(uninterrupted.params)) {
      expect(resumed.params[name], name).toEqual(data);
    }
  });

  it('writes a Hugging Face checkpoint that importHuggingFace reads back (F16 within rounding)', async () => {
    const result = await trainLm({ ...options, steps: 2, warmupSteps: 1, evalDocuments: [] });
    const weights = decoderWeightsFromLm(tinyLmConfig, result.params, {
      bosTokenId: 0,
      eosTokenIds: [1],
    });

    for (const dtype of ['F32', 'F16'] as const) {
      const files = lmModelFiles(weights, { dtype, tapLayers: [0, 1, 1] });
      const imported = await importHuggingFace(createMemoryFileSource({ ...files }, 'model'));

      expect(imported.weights.config).toMatchObject({ ...tinyLmConfig });
      expect(imported.weights.tapLayers).toEqual([0, 1, 1]);
      expect(imported.weights.eosTokenIds).toEqual([1]);
      const wq = imported.weights.layers[1]?.wq as Float32Array;
      const expected = weights.layers[1]?.wq as Float32Array;
      wq.forEach((value, index) =>
        expect(value).toBeCloseTo(expected[index] as number, dtype === 'F32' ? 7 : 3),
      );
    }
  });
});
