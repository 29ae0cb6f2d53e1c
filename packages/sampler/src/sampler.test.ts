import { describe, expect, it } from 'vitest';
import { argmax } from './argmax.js';
import { caught, logitCases, randomLogits } from './__fixtures__/helpers.js';
import { applyMinP } from './min-p.js';
import { createSeededRandom, type RandomSource } from './random-source.js';
import { applyRepetitionPenalty } from './repetition-penalty.js';
import { createSampler, type SamplerOptions } from './sampler.js';
import { sampleFromDistribution } from './sample-from-distribution.js';
import { softmax } from './softmax.js';
import { applyTemperature } from './temperature.js';
import { applyTopK } from './top-k.js';
import { applyTopP } from './top-p.js';

const sum = (values: Float32Array): number => values.reduce((total, value) => total + value, 0);

interface AllOptions {
  temperature: number;
  topK: number;
  topP: number;
  minP: number;
  repetitionPenalty: number;
  seed: number;
}

/** Options drawn at random, every processor sometimes on and sometimes off. */
function randomOptions(random: RandomSource): AllOptions {
  const pick = <T>(values: readonly T[]): T =>
    values[Math.floor(random.next() * values.length)] as T;
  return {
    temperature: pick([0.3, 0.7, 1, 1.5]),
    topK: pick([0, 1, 3, 10]),
    topP: pick([1, 0.5, 0.9]),
    minP: pick([0, 0.05, 0.2]),
    repetitionPenalty: pick([1, 1.2, 0.8]),
    seed: 1,
  };
}

/** Chi-square statistic of observed counts against expected probabilities (kept tokens only). */
function chiSquare(counts: number[], probs: Float32Array, draws: number): number {
  return counts.reduce((stat, count, id) => {
    const expected = (probs[id] as number) * draws;
    return expected > 0 ? stat + (count - expected) ** 2 / expected : stat;
  }, 0);
}

function drawCounts(options: SamplerOptions, logits: Float32Array, draws: number): number[] {
  const sampler = createSampler(options);
  const counts = new Array<number>(logits.length).fill(0);
  for (let i = 0; i < draws; i++) {
    const id = sampler.sample(logits);
    counts[id] = (counts[id] as number) + 1;
  }
  return counts;
}

describe('createSampler', () => {
  it('returns plain softmax probabilities with default options', () => {
    const logits = new Float32Array([1, 2, 3]);

    expect(createSampler().probabilities(logits)).toEqual(softmax(logits));
  });

  it('applies penalty, temperature, top-k, top-p, min-p in that order, then softmax', () => {
    const random = createSeededRandom(11);
    for (const logits of logitCases(12, 300)) {
      const options = randomOptions(random);
      const history = [0, Math.floor(logits.length / 2)];
      const expected = logits.slice();
      applyRepetitionPenalty(expected, history, options.repetitionPenalty);
      applyTemperature(expected, options.temperature);
      applyTopK(expected, options.topK);
      applyTopP(expected, options.topP);
      applyMinP(expected, options.minP);

      const probs = createSampler(options).probabilities(logits, history);

      expect(probs).toEqual(softmax(expected));
      expect(Math.abs(sum(probs) - 1)).toBeLessThan(1e-6);
      expected.forEach((value, id) => expect(probs[id] === 0).toBe(value === -Infinity));
    }
  });

  it('does not modify the caller’s logits', () => {
    const logits = new Float32Array([1, 5, 2, 4]);

    createSampler({ temperature: 0.5, topK: 2, topP: 0.5, repetitionPenalty: 2 }).sample(
      logits,
      [1],
    );

    expect([...logits]).toEqual([1, 5, 2, 4]);
  });

  it('is greedy when temperature is 0: one-hot argmax, no randomness used', () => {
    let calls = 0;
    const sampler = createSampler({
      temperature: 0,
      topK: 3,
      random: { next: () => (calls++, 0.5) },
    });
    for (const logits of logitCases(13, 100)) {
      const probs = sampler.probabilities(logits);

      expect(sampler.greedy).toBe(true);
      expect(sum(probs)).toBe(1);
      expect(probs[argmax(logits)]).toBe(1);
      expect(sampler.sample(logits)).toBe(argmax(logits));
    }
    expect(calls).toBe(0);
  });

  it('applies the repetition penalty before the greedy argmax', () => {
    const sampler = createSampler({ temperature: 0, repetitionPenalty: 4 });

    expect(sampler.sample(new Float32Array([3, 1]), [0])).toBe(1);
  });

  it('converges to the argmax as temperature → 0', () => {
    const random = createSeededRandom(14);
    for (const temperature of [1e-3, 1e-6, 1e-30]) {
      const sampler = createSampler({ temperature, seed: 3 });
      for (let trial = 0; trial < 50; trial++) {
        const logits = randomLogits(random, 32);
        const best = argmax(logits);
        logits[best] = (logits[best] as number) + 0.1; // a clear winner, so the limit is exact in float32

        expect(sampler.probabilities(logits)[best]).toBeGreaterThan(1 - 1e-6);
        expect(sampler.sample(logits)).toBe(best);
      }
    }
  });

  it('repeats the same tokens for equal seeds and differs for different seeds', () => {
    const logits = randomLogits(createSeededRandom(15), 50, 1);
    const run = (seed: number): number[] => {
      const sampler = createSampler({ seed, topP: 0.95 });
      return Array.from({ length: 500 }, () => sampler.sample(logits));
    };

    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('draws sampleFrom with its own random source', () => {
    const probs = new Float32Array([0.2, 0.3, 0.5]);
    const sampler = createSampler({ seed: 99 });
    const random = createSeededRandom(99);

    const fromSampler = Array.from({ length: 100 }, () => sampler.sampleFrom(probs));
    const direct = Array.from({ length: 100 }, () => sampleFromDistribution(probs, random));

    expect(fromSampler).toEqual(direct);
  });

  it.each<[string, SamplerOptions, number]>([
    ['no filtering', { temperature: 0.9 }, 44.8], // df 9, p = 1e-6
    ['top-k 5 and top-p 0.9', { temperature: 1.2, topK: 5, topP: 0.9 }, 33.4], // df ≤ 4
  ])('matches probabilities() in a chi-square test with %s', (_, options, threshold) => {
    const logits = new Float32Array([1.2, 0.3, -0.5, 2.0, 0.9, -1.0, 0.0, 1.5, -0.2, 0.6]);
    const draws = 200_000;
    const probs = createSampler(options).probabilities(logits);

    const counts = drawCounts({ ...options, seed: 2024 }, logits, draws);

    counts.forEach((count, id) => probs[id] === 0 && expect(count).toBe(0));
    expect(chiSquare(counts, probs, draws)).toBeLessThan(threshold);
  });

  it('makes the chi-square test fail for a mismatched distribution', () => {
    const logits = new Float32Array([1.2, 0.3, -0.5, 2.0, 0.9, -1.0, 0.0, 1.5, -0.2, 0.6]);
    const draws = 200_000;

    const counts = drawCounts({ temperature: 0.9, seed: 2024 }, logits, draws);

    const wrong = createSampler({ temperature: 1 }).probabilities(logits);
    expect(chiSquare(counts, wrong, draws)).toBeGreaterThan(44.8);
  });

  it('throws NUMERIC_ERROR when a logit is NaN', () => {
    const sampler = createSampler({ seed: 1 });
    const logits = new Float32Array([0, Number.NaN, 1]);

    expect(caught(() => sampler.sample(logits)).code).toBe('NUMERIC_ERROR');
    expect(caught(() => sampler.probabilities(logits)).code).toBe('NUMERIC_ERROR');
  });

  it('throws INVALID_ARGUMENT when the history holds an id outside the vocabulary', () => {
    const sampler = createSampler({ repetitionPenalty: 1.1 });

    expect(caught(() => sampler.sample(new Float32Array(4), [4])).message).toBe(
      '`history` must contain token ids in [0, 4), got 4 at index 0',
    );
  });

  it.each<[string, SamplerOptions]>([
    ['temperature', { temperature: -0.1 }],
    ['temperature', { temperature: Infinity }],
    ['temperature', { temperature: Number.NaN }],
    ['temperature', { temperature: '1' as unknown as number }],
    ['topK', { topK: -1 }],
    ['topK', { topK: 2.5 }],
    ['topK', { topK: Number.NaN }],
    ['topP', { topP: 0 }],
    ['topP', { topP: 1.5 }],
    ['topP', { topP: Number.NaN }],
    ['minP', { minP: -0.01 }],
    ['minP', { minP: 1.01 }],
    ['minP', { minP: Number.NaN }],
    ['repetitionPenalty', { repetitionPenalty: 0 }],
    ['repetitionPenalty', { repetitionPenalty: -1 }],
    ['repetitionPenalty', { repetitionPenalty: Infinity }],
    ['seed', { seed: 0.5 }],
    ['seed', { seed: 2 ** 53 }],
    ['random', { random: {} as RandomSource }],
    ['random', { seed: 1, random: createSeededRandom(1) }],
  ])('throws INVALID_ARGUMENT naming `%s` for %j', (name, options) => {
    const error = caught(() => createSampler(options));

    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain(`\`${name}\``);
  });

  it('reports the offending value in the message', () => {
    expect(caught(() => createSampler({ topP: 1.5 }))).toEqual({
      name: 'ConfuError',
      code: 'INVALID_ARGUMENT',
      message: '`topP` must be in (0, 1], got 1.5',
    });
  });
});
