import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { describe, expect, it } from 'vitest';
import { tinyMlp, tinyMlpBatch, tinyMlpBiases } from './__fixtures__/tiny-mlp.js';
import { createSeededRandom } from './seeded-random.js';
import { createTrainer } from './trainer.js';

describe('createSeededRandom', () => {
  it('is deterministic per seed and restores its state exactly', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(
      Array.from({ length: 5 }, () => b.next()),
    );
    expect(createSeededRandom(43).next()).not.toBe(createSeededRandom(42).next());
    const state = a.state();
    const ahead = [a.next(), a.normal(), a.integer(10)];
    a.restore(state);
    expect([a.next(), a.normal(), a.integer(10)]).toEqual(ahead);
    expect(() => a.restore('nope')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('gives normals with about unit variance', () => {
    const random = createSeededRandom(1);
    const draws = Array.from({ length: 20_000 }, () => random.normal());
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });
});

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
