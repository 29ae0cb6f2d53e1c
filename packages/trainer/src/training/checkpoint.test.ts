import { createMemoryFileSource, readSafetensorsHeader } from '@confu/checkpoint';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { describe, expect, it } from 'vitest';
import { tinyMlp, tinyMlpBatch, tinyMlpBiases } from '../__fixtures__/tiny-mlp.js';
import { createSeededRandom } from '@confu/sampler';
import { createTrainer } from '../trainer.js';
import type { Trainer } from '../trainer.js';

const runtime = createOnnxNodeRuntime({ numThreads: 2 });
const create = () =>
  createTrainer({
    runtime,
    buildForward: tinyMlp(8, createSeededRandom(1)),
    initialParams: tinyMlpBiases,
    optimizer: { maxGradNorm: 1 },
    schedule: (t) => 0.02 * Math.min(1, t / 3),
    accumulation: 2,
    seed: 11,
  });
// Data comes from the trainer's own random source, which the checkpoint carries.
const steps = async (trainer: Trainer, count: number) => {
  const losses: number[] = [];
  for (let i = 0; i < count; i++) {
    const result = await trainer.step([
      tinyMlpBatch(trainer.random, 8),
      tinyMlpBatch(trainer.random, 8),
    ]);
    losses.push(result.loss, result.gradNorm);
  }
  return losses;
};

describe('checkpoints', () => {
  it('resuming gives bit-identical losses and parameters to an uninterrupted run', async () => {
    await using uninterrupted = await create();
    await steps(uninterrupted, 3);
    const saved = uninterrupted.saveCheckpoint({ note: 'after 3' });
    const expected = await steps(uninterrupted, 4);

    await using resumed = await create();
    await steps(resumed, 1); // diverge first: loading must overwrite everything
    expect(await resumed.loadCheckpoint(saved)).toMatchObject({ note: 'after 3', updates: '3' });
    expect(resumed.updates).toBe(3);
    expect(await steps(resumed, 4)).toEqual(expected);
    const [a, b] = [uninterrupted.parameters(), resumed.parameters()];
    for (const name of uninterrupted.parameterNames) expect(b[name]?.data).toEqual(a[name]?.data);
  });

  it('writes safetensors with parameters under their names and moments under optimizer.*', async () => {
    await using trainer = await create();
    const bytes = trainer.saveCheckpoint();
    const header = await readSafetensorsHeader(createMemoryFileSource({ c: bytes }), 'c');
    expect([...header.tensors.keys()].sort()).toEqual(
      ['b1', 'b2', 'w1', 'w2']
        .flatMap((n) => [n, `optimizer.adam_m.${n}`, `optimizer.adam_v.${n}`])
        .sort(),
    );
    expect(header.metadata).toMatchObject({ format: 'confu-trainer-checkpoint/1', updates: '0' });
    expect(header.metadata.random_state).toMatch(/^[0-9a-f]{32}$/);
  });

  it('rejects a file that is not a trainer checkpoint', async () => {
    await using trainer = await create();
    const { writeSafetensors } = await import('@confu/checkpoint');
    const other = writeSafetensors({ w1: { dtype: 'F32', shape: [1], data: new Float32Array(1) } });
    await expect(trainer.loadCheckpoint(other)).rejects.toMatchObject({ code: 'INVALID_FILE' });
  });
});
