import { assertArgument } from '@confu/errors';
import { argmax } from './argmax.js';
import { assertFiniteLogits } from './assert-finite-logits.js';
import { applyMinP } from './min-p.js';
import { createSeededRandom, type RandomSource } from './random-source.js';
import { applyRepetitionPenalty } from './repetition-penalty.js';
import { sampleFromDistribution } from './sample-from-distribution.js';
import { softmax } from './softmax.js';
import { applyTemperature } from './temperature.js';
import { applyTopK } from './top-k.js';
import { applyTopP } from './top-p.js';
import * as check from './validate-options.js';

/** Decoding options; every field is optional and its default turns the processor off. */
export interface SamplerOptions {
  /** Softmax temperature, finite ≥ 0. Default 1; 0 means greedy (argmax). */
  readonly temperature?: number | undefined;
  /** Keep only the k most likely tokens; integer ≥ 0. Default 0 (off). */
  readonly topK?: number | undefined;
  /** Nucleus mass in (0, 1]. Default 1 (off). */
  readonly topP?: number | undefined;
  /** Drop tokens below `minP` × the top probability; in [0, 1]. Default 0 (off). */
  readonly minP?: number | undefined;
  /** CTRL repetition penalty over `history`, finite > 0. Default 1 (off). */
  readonly repetitionPenalty?: number | undefined;
  /** Seed for {@link createSeededRandom}; a safe integer. Exclusive with `random`. */
  readonly seed?: number | undefined;
  /** Random source to draw from. Default: seeded from `Math.random()`. Exclusive with `seed`. */
  readonly random?: RandomSource | undefined;
}

/** A configured token sampler; see {@link createSampler}. */
export interface Sampler {
  /** True when `temperature` is 0: `sample` returns the argmax and uses no randomness. */
  readonly greedy: boolean;
  /**
   * True when `sample` is the argmax of the raw logits (greedy, no repetition penalty): callers may
   * ask the model for argmax ids instead of whole logit rows.
   */
  readonly picksRawArgmax: boolean;
  /**
   * The processed target distribution, a new array: one-hot on the argmax (after the repetition
   * penalty) when greedy, otherwise repetition penalty → temperature → top-k → top-p → min-p →
   * softmax, with zeros outside the kept set. Sums to 1 within float32 rounding. This is the `p`
   * a speculative verifier must use.
   * @throws ConfuError `NUMERIC_ERROR` on NaN or +Infinity logits; `INVALID_ARGUMENT` on a bad
   *   `history`.
   */
  probabilities(logits: Float32Array, history?: readonly number[]): Float32Array;
  /** Draws a token id from {@link Sampler.probabilities}; one `random.next()` unless greedy. */
  sample(logits: Float32Array, history?: readonly number[]): number;
  /** Inverse-CDF draw from any weights using this sampler's random source (one `next()`). */
  sampleFrom(probabilities: Float32Array): number;
}

/**
 * Creates a {@link Sampler}. The processors run in the default order of Hugging Face
 * transformers: repetition penalty, temperature, top-k, top-p, min-p. Logits are copied once and
 * never mutated.
 * @throws ConfuError `INVALID_ARGUMENT` naming the first invalid option.
 */
export function createSampler(options: SamplerOptions = {}): Sampler {
  const { temperature = 1, topK = 0, topP = 1, minP = 0, repetitionPenalty = 1 } = options;
  check.checkTemperature(temperature, true);
  check.checkTopK(topK);
  check.checkTopP(topP);
  check.checkMinP(minP);
  check.checkRepetitionPenalty(repetitionPenalty);
  const random = resolveRandom(options);
  const greedy = temperature === 0;

  const probabilities = (logits: Float32Array, history: readonly number[] = []): Float32Array => {
    assertFiniteLogits(logits);
    const work = logits.slice();
    if (repetitionPenalty !== 1) applyRepetitionPenalty(work, history, repetitionPenalty);
    if (greedy) {
      const oneHot = new Float32Array(work.length);
      oneHot[argmax(work)] = 1;
      return oneHot;
    }
    applyTemperature(work, temperature);
    applyTopK(work, topK);
    applyTopP(work, topP);
    applyMinP(work, minP);
    return softmax(work);
  };

  return {
    greedy,
    picksRawArgmax: greedy && repetitionPenalty === 1,
    probabilities,
    sample: (logits, history) => {
      const p = probabilities(logits, history);
      return greedy ? argmax(p) : sampleFromDistribution(p, random);
    },
    sampleFrom: (p) => sampleFromDistribution(p, random),
  };
}

function resolveRandom(options: SamplerOptions): RandomSource {
  const { seed, random } = options;
  assertArgument(
    seed === undefined || random === undefined,
    'pass either `seed` or `random`, not both',
  );
  if (random !== undefined) {
    assertArgument(
      typeof (random as Partial<RandomSource> | null)?.next === 'function',
      '`random` must be an object with a `next()` method',
    );
    return random;
  }
  if (seed !== undefined) return createSeededRandom(seed);
  return createSeededRandom(Math.floor(Math.random() * Number.MAX_SAFE_INTEGER));
}
