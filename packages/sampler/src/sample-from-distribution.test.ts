import { describe, expect, it } from 'vitest';
import { caught } from './__fixtures__/helpers.js';
import { createSeededRandom, type RandomSource } from './random-source.js';
import { sampleFromDistribution } from './sample-from-distribution.js';

const fixed = (value: number): RandomSource => ({ next: () => value });

describe('sampleFromDistribution', () => {
  it('never returns an index whose weight is 0', () => {
    const random = createSeededRandom(10);
    for (let trial = 0; trial < 200; trial++) {
      const weights = Float32Array.from({ length: 12 }, () =>
        random.next() < 0.6 ? 0 : random.next(),
      );
      weights[trial % 12] = 0.5;

      for (let draw = 0; draw < 50; draw++) {
        expect(weights[sampleFromDistribution(weights, random)]).toBeGreaterThan(0);
      }
    }
  });

  it('maps u = 0 to the first and u → 1 to the last positive weight', () => {
    const weights = new Float32Array([0, 0.3, 0.7, 0]);

    expect(sampleFromDistribution(weights, fixed(0))).toBe(1);
    expect(sampleFromDistribution(weights, fixed(1 - 2 ** -53))).toBe(2);
  });

  it('accepts unnormalised weights', () => {
    const weights = new Float32Array([2, 6]);

    expect(sampleFromDistribution(weights, fixed(0.24))).toBe(0);
    expect(sampleFromDistribution(weights, fixed(0.26))).toBe(1);
  });

  it('consumes exactly one random number per draw', () => {
    let calls = 0;
    const counting: RandomSource = { next: () => (calls++, 0.5) };

    sampleFromDistribution(new Float32Array([0.1, 0.9]), counting);

    expect(calls).toBe(1);
  });

  it.each([[[0, 0]], [[0.5, -0.1]], [[Number.NaN, 1]], [[]]])(
    'throws INVALID_ARGUMENT for weights %j',
    (weights) => {
      expect(caught(() => sampleFromDistribution(Float32Array.from(weights), fixed(0)))).toEqual({
        name: 'ConfuError',
        code: 'INVALID_ARGUMENT',
        message: '`probabilities` must be non-negative with a positive finite sum',
      });
    },
  );
});
