import { describe, expect, it } from 'vitest';
import { caught } from './__fixtures__/helpers.js';
import { createSeededRandom, xoshiro128StarStar } from './random-source.js';

describe('xoshiro128StarStar', () => {
  it('matches the reference C implementation for state 1, 2, 3, 4', () => {
    const next = xoshiro128StarStar([1, 2, 3, 4]);

    const outputs = Array.from({ length: 6 }, next);

    expect(outputs).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });
});

describe('createSeededRandom', () => {
  it('repeats the same sequence when the seed is the same', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);

    const first = Array.from({ length: 1000 }, () => a.next());
    const second = Array.from({ length: 1000 }, () => b.next());

    expect(first).toEqual(second);
  });

  it('gives different sequences when seeds differ, including negative and > 2^32 seeds', () => {
    const seeds = [0, 1, 2, -1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER];

    const prefixes = seeds.map((seed) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 4 }, () => random.next()).join();
    });

    expect(new Set(prefixes).size).toBe(seeds.length);
  });

  it('returns numbers in [0, 1) spread evenly over ten buckets', () => {
    const random = createSeededRandom(7);
    const counts = new Array<number>(10).fill(0);
    const draws = 100_000;
    let min = 1;
    let max = 0;

    for (let i = 0; i < draws; i++) {
      const value = random.next();
      min = Math.min(min, value);
      max = Math.max(max, value);
      const bucket = Math.floor(value * 10);
      counts[bucket] = (counts[bucket] as number) + 1;
    }
    const chiSquare = counts.reduce(
      (sum, count) => sum + (count - draws / 10) ** 2 / (draws / 10),
      0,
    );

    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(chiSquare).toBeLessThan(44.8); // df 9, p = 1e-6
  });

  it.each([1.5, Number.NaN, 2 ** 53, Infinity])('throws INVALID_ARGUMENT for seed %s', (seed) => {
    expect(caught(() => createSeededRandom(seed))).toEqual({
      name: 'ConfuError',
      code: 'INVALID_ARGUMENT',
      message: `\`seed\` must be a safe integer, got ${seed}`,
    });
  });
});

describe('createSeededRandom state, integers and normals', () => {
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
