import { vocabMappingFromTargetIds } from '@confu/checkpoint';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@confu/sampler';
import { trainEagle3 } from './train-eagle3.js';
import { syntheticRecords, tinyDraftIds, tinyHeadConfig } from './__fixtures__/tiny-eagle3.js';

describe('trainEagle3', () => {
  it('a few AdamW steps of the 7-step training-time test decrease the loss', async () => {
    const { hiddenSize: h, vocabSize: V } = tinyHeadConfig;
    const random = createSeededRandom(5);
    const result = await trainEagle3({
      runtime: createOnnxNodeRuntime({ numThreads: 1 }),
      config: tinyHeadConfig,
      embedding: Float32Array.from({ length: V * h }, () => random.normal()),
      vocab: { targetIds: tinyDraftIds, ...vocabMappingFromTargetIds([...tinyDraftIds], V) },
      records: syntheticRecords(4, 12, { hidden: h, vocab: V }),
      steps: 30,
      batch: 4,
      lr: 3e-2,
      warmupSteps: 2,
      session: { numThreads: 1 },
    });
    const { losses } = result;
    expect(losses).toHaveLength(30);
    expect(losses.every(Number.isFinite)).toBe(true);
    const mean = (values: readonly number[]): number =>
      values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(losses.slice(-5))).toBeLessThan(0.7 * mean(losses.slice(0, 5)));
    expect(result.head.lmHead).toHaveLength(tinyHeadConfig.draftVocabSize * h);
    expect(result.settings.tttSteps).toBe(7);
  });
});
