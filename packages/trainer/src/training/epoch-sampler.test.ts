import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@confu/sampler';
import { createEpochSampler } from './epoch-sampler.js';

describe('createEpochSampler', () => {
  it('covers every item once per epoch and skips a tail too short for a batch', () => {
    const sampler = createEpochSampler(7, 3, createSeededRandom(1));

    const epoch = [...sampler.next(), ...sampler.next()];
    const next = sampler.next();

    expect(new Set(epoch).size).toBe(6);
    expect(sampler.epochs).toBe(2);
    expect(next).toHaveLength(3);
  });

  it('continues exactly where a restored state left off', () => {
    const random = createSeededRandom(2);
    const sampler = createEpochSampler(10, 4, random);
    sampler.next();
    sampler.next();
    const saved = { sampler: sampler.state(), random: random.state() };
    const expected = [sampler.next(), sampler.next(), sampler.next()];

    const otherRandom = createSeededRandom(99);
    const resumed = createEpochSampler(10, 4, otherRandom);
    resumed.restore(saved.sampler);
    otherRandom.restore(saved.random);

    expect([resumed.next(), resumed.next(), resumed.next()]).toEqual(expected);
  });

  it('refuses the state of a sampler over another number of items', () => {
    const state = createEpochSampler(10, 4, createSeededRandom(1)).state();

    expect(() => createEpochSampler(11, 4, createSeededRandom(1)).restore(state)).toThrow(
      expect.objectContaining({ code: 'INVALID_FILE' }),
    );
  });
});
