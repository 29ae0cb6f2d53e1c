import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { createTensor } from '@confu/runtime';
import { describe, expect, it } from 'vitest';
import { buildOneLayerLm, initialLmParameters } from './__fixtures__/one-layer-lm.js';
import type { LmConfig } from './__fixtures__/one-layer-lm.js';
import { tinyMlp, tinyMlpBatch, tinyMlpBiases } from './__fixtures__/tiny-mlp.js';
import { createLrSchedule } from './optimizer/lr-schedule.js';
import { createSeededRandom } from '@confu/sampler';
import { createTrainer } from './trainer.js';

const runtime = createOnnxNodeRuntime({ numThreads: 1 });

describe('createTrainer', () => {
  it('trains a tiny MLP: the loss on a fixed evaluation batch falls', async () => {
    const setup = createSeededRandom(1);
    await using trainer = await createTrainer({
      runtime,
      buildForward: tinyMlp(32, setup),
      initialParams: tinyMlpBiases,
      optimizer: { weightDecay: 0.01, maxGradNorm: 1 },
      schedule: createLrSchedule({ peak: 0.05, warmupSteps: 5, totalSteps: 150 }),
      seed: 2,
    });
    const evaluation = tinyMlpBatch(createSeededRandom(99), 32);
    const before = await trainer.evaluate(evaluation);
    for (let i = 0; i < 150; i++) await trainer.step(tinyMlpBatch(trainer.random, 32));
    const after = await trainer.evaluate(evaluation);
    expect(trainer.updates).toBe(150);
    expect(after).toBeLessThan(before * 0.5);
  });

  it('trains a tiny one-layer transformer LM to memorise a batch', async () => {
    const config: LmConfig = { vocab: 32, hidden: 16, heads: 2, ff: 32, seq: 8, batch: 2 };
    await using trainer = await createTrainer({
      runtime,
      buildForward: buildOneLayerLm(config),
      initialParams: initialLmParameters(config, createSeededRandom(3)),
      schedule: 1e-2,
    });
    const ids = (random: ReturnType<typeof createSeededRandom>) =>
      createTensor(
        'int64',
        BigInt64Array.from({ length: 16 }, () => BigInt(random.integer(32))),
        [2, 8],
      );
    const data = createSeededRandom(4);
    const batch = { tokens: ids(data), targets: ids(data) };
    const losses: number[] = [];
    for (let i = 0; i < 30; i++) losses.push((await trainer.step(batch)).loss);
    expect(losses[0]).toBeCloseTo(Math.log(32), 1);
    expect(losses[29]).toBeLessThan((losses[0] as number) * 0.5);
  });

  it('rejects unknown batch feeds and a wrong number of micro-batches', async () => {
    await using trainer = await createTrainer({
      runtime,
      buildForward: tinyMlp(2, createSeededRandom(1)),
      initialParams: tinyMlpBiases,
      schedule: 0.01,
      accumulation: 2,
    });
    const batch = tinyMlpBatch(createSeededRandom(2), 2);
    await expect(trainer.step(batch)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(trainer.step([{ ...batch, w1: batch.x }, batch])).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('requires initial values for parameters declared as inputs', async () => {
    await expect(
      createTrainer({ runtime, buildForward: tinyMlp(2, createSeededRandom(1)), schedule: 0.01 }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
