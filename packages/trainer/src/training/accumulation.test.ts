import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { describe, expect, it } from 'vitest';
import { sliceMlpBatch, tinyMlp, tinyMlpBatch, tinyMlpBiases } from '../__fixtures__/tiny-mlp.js';
import { createSeededRandom } from '@confu/sampler';
import { createTrainer } from '../trainer.js';

const runtime = createOnnxNodeRuntime({ numThreads: 1 });
const optimizer = { maxGradNorm: 0.3, weightDecay: 0.05 };

describe('gradient accumulation', () => {
  it('2 micro-batches of 1 equal one batch of 2 (losses, norms, parameters ≤ 1e-5)', async () => {
    // Same initial weights for both: tinyMlp draws them from its random source.
    await using whole = await createTrainer({
      runtime,
      buildForward: tinyMlp(2, createSeededRandom(5)),
      initialParams: tinyMlpBiases,
      optimizer,
      schedule: 0.05,
    });
    await using split = await createTrainer({
      runtime,
      buildForward: tinyMlp(1, createSeededRandom(5)),
      initialParams: tinyMlpBiases,
      optimizer,
      schedule: 0.05,
      accumulation: 2,
    });
    const data = createSeededRandom(6);
    for (let step = 0; step < 4; step++) {
      const batch = tinyMlpBatch(data, 2);
      const a = await whole.step(batch);
      const b = await split.step([sliceMlpBatch(batch, 0, 1), sliceMlpBatch(batch, 1, 2)]);
      expect(Math.abs(a.loss - b.loss)).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(a.gradNorm - b.gradNorm)).toBeLessThanOrEqual(1e-5);
    }
    const [p, q] = [whole.parameters(), split.parameters()];
    for (const name of whole.parameterNames) {
      const x = p[name]?.data as Float32Array;
      const y = q[name]?.data as Float32Array;
      expect(
        Math.max(...x.map((value, i) => Math.abs(value - (y[i] as number)))),
      ).toBeLessThanOrEqual(1e-5);
    }
  });
});
