import { createSeededRandom, type RandomSource } from '../random-source.js';

export { caught } from '@internal/test-utils';

/** Standard-normal logits × `scale`, by Box–Muller over a seeded source. */
export function randomLogits(random: RandomSource, size: number, scale = 3): Float32Array {
  const logits = new Float32Array(size);
  for (let index = 0; index < size; index++) {
    const u = 1 - random.next(); // (0, 1]: log stays finite
    logits[index] = scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
  }
  return logits;
}

/** `count` reproducible logits vectors of random sizes in [1, maxSize]. */
export function logitCases(seed: number, count: number, maxSize = 64): Float32Array[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () =>
    randomLogits(random, 1 + Math.floor(random.next() * maxSize), 1 + 4 * random.next()),
  );
}

/** Token ids sorted by value descending, ties by lower id: the documented ranking. */
export function ranking(values: ArrayLike<number>): number[] {
  return Array.from({ length: values.length }, (_, index) => index).sort(
    (a, b) => (values[b] as number) - (values[a] as number) || a - b,
  );
}

/** Indices whose logit is not -Infinity. */
export function keptIds(logits: Float32Array): number[] {
  const ids: number[] = [];
  logits.forEach((value, index) => value !== -Infinity && ids.push(index));
  return ids;
}
