import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { describe, expect, it } from 'vitest';
import { tinyMlp, tinyMlpBatch, tinyMlpBiases } from './__fixtures__/tiny-mlp.js';
import { createSeededRandom } from '@confu/sampler';
import { createTrainer } from './trainer.js';

describe('deterministic training', () => {
  const run = async (seed: number) => {
    await using trainer = await createTrainer({
      runtime: createOnnxNodeRuntime({ numThreads: 2 }),
      buildForward: tinyMlp(16, createSeededRandom(seed)),
      initialParams: tinyMlpBiases,
      schedule: 0.05,
      seed,
    });
    const losses: number[] = [];
    for (let i = 0; i < 5; i++)
      losses.push((await trainer.step(tinyMlpBatch(trainer.random, 16))).loss);
    return losses;
  };

  it('the same seed gives bit-identical losses; another seed does not', async () => {
    const first = await run(3);
    expect(await run(3)).toEqual(first);
    expect(await run(4)).not.toEqual(first);
  });
});
