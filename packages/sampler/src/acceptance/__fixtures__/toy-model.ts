import { randomLogits } from '../../__fixtures__/helpers.js';
import { createSeededRandom } from '../../random-source.js';
import { createSampler, type SamplerOptions } from '../../sampler.js';

/** A toy language model whose next-token distribution is a pure function of the whole prefix. */
export interface ToyModel {
  readonly vocabSize: number;
  /** Processed next-token distribution after `prefix` (cached; do not mutate). */
  probabilities(prefix: readonly number[]): Float32Array;
}

/** Reproducible logits for a prefix: Gaussian × `scale`, seeded by an FNV-1a hash of the prefix. */
export function hashedLogits(prefix: readonly number[], salt: number, vocabSize: number, scale: number) {
  let hash = (0x811c9dc5 ^ salt) >>> 0;
  for (const token of [prefix.length, ...prefix]) hash = Math.imul(hash ^ token, 0x01000193) >>> 0;
  return randomLogits(createSeededRandom(hash), vocabSize, scale);
}

/** A {@link ToyModel} over `logitsOf(prefix)`, processed by `createSampler(options)`. */
export function createToyModel(
  logitsOf: (prefix: readonly number[]) => Float32Array,
  options: SamplerOptions,
  vocabSize: number,
): ToyModel {
  const sampler = createSampler({ ...options, seed: 0 });
  const cache = new Map<number, Float32Array>();
  return {
    vocabSize,
    probabilities(prefix) {
      const key = prefixKey(prefix, vocabSize);
      let p = cache.get(key);
      if (p === undefined) {
        p = sampler.probabilities(logitsOf(prefix));
        cache.set(key, p);
      }
      return p;
    },
  };
}

/**
 * The exact probability of every continuation of `length` tokens under ancestral sampling from
 * `model`, by enumeration. Index = the tokens as base-`vocabSize` digits, first token most
 * significant. Each distribution is normalised by its float64 sum, as the samplers do.
 */
export function exactSequenceProbabilities(
  model: ToyModel,
  prompt: readonly number[],
  length: number,
): Float64Array {
  const result = new Float64Array(model.vocabSize ** length);
  const visit = (prefix: number[], index: number, probability: number): void => {
    if (prefix.length === prompt.length + length) {
      result[index] = probability;
      return;
    }
    const p = model.probabilities(prefix);
    const total = p.reduce((sum, value) => sum + value, 0);
    p.forEach((value, token) =>
      visit([...prefix, token], index * model.vocabSize + token, (probability * value) / total),
    );
  };
  visit([...prompt], 0, 1);
  return result;
}

/** The index of `tokens` in {@link exactSequenceProbabilities}' array. */
export function sequenceIndex(tokens: readonly number[], vocabSize: number): number {
  return tokens.reduce((index, token) => index * vocabSize + token, 0);
}

/** A unique number per prefix (base vocabSize + 1, so lengths differ too); exact up to 2^53. */
export function prefixKey(prefix: readonly number[], vocabSize: number): number {
  let key = 0;
  for (const token of prefix) key = key * (vocabSize + 1) + token + 1;
  return key;
}
