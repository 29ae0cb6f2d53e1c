import { createSeededRandom } from '@confu/sampler';

/** Seeded uniform floats in [0, 1) for reproducible random tests. */
export function seededUniform(seed: number): () => number {
  const random = createSeededRandom(seed);
  return () => random.next();
}

/** A random integer in `[0, max)`. */
export function randomInt(random: () => number, max: number): number {
  return Math.floor(random() * max);
}
