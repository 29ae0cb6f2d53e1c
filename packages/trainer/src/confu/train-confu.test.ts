import { vocabMappingFromTargetIds } from '@confu/checkpoint';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { describe, expect, it } from 'vitest';
import { syntheticRecords, tinyDraftIds } from '../eagle3/__fixtures__/tiny-eagle3.js';
import { trainConfu } from './train-confu.js';
import { tinyConfuHead, tinyTarget } from './__fixtures__/tiny-confu.js';

const mean = (values: readonly number[]): number =>
  values.reduce((a, b) => a + b, 0) / values.length;

describe('trainConfu', () => {
  it('a few AdamW steps through the frozen target decrease the loss; the head keeps the target out', async () => {
    const config = tinyConfuHead({ mode: 'moe', softPromptLength: 2, numExperts: 4, topK: 2 });
    const { hiddenSize: h, vocabSize: V } = config;
    const result = await trainConfu({
      runtime: createOnnxNodeRuntime({ numThreads: 1 }),
      config,
      target: tinyTarget,
      tapLayers: [0, 1, 2],
      vocab: { targetIds: tinyDraftIds, ...vocabMappingFromTargetIds([...tinyDraftIds], V) },
      records: syntheticRecords(4, 12, { hidden: h, vocab: V }),
      steps: 30,
      batch: 4,
      anchors: 3,
      replication: 3,
      lr: 3e-2,
      warmupSteps: 2,
      session: { numThreads: 1 },
    });
    expect(result.losses).toHaveLength(30);
    expect(result.losses.every(Number.isFinite)).toBe(true);
    expect(mean(result.losses.slice(-5))).toBeLessThan(0.7 * mean(result.losses.slice(0, 5)));
    expect(result.head.confu.softPrompt).toHaveLength(2 * h);
    expect(result.head.confu.conRouter).toHaveLength(4 * 3 * h);
    expect(result.settings).toMatchObject({ anchors: 3, replication: 3, mode: 'moe', topK: 2 });
    expect(Number(result.settings.coveredRowsPerUpdate)).toBeGreaterThan(0);
  });

  it('refuses a replication below 1', async () => {
    const config = tinyConfuHead({ mode: 'static', softPromptLength: 1 });
    await expect(
      trainConfu({
        runtime: createOnnxNodeRuntime({ numThreads: 1 }),
        config,
        target: tinyTarget,
        vocab: {
          targetIds: tinyDraftIds,
          ...vocabMappingFromTargetIds([...tinyDraftIds], config.vocabSize),
        },
        records: syntheticRecords(2, 6, { hidden: 4, vocab: 7 }),
        steps: 1,
        replication: 0,
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/replication/),
    });
  });
});
