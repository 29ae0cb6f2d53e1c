import { assertArgument } from '@confu/errors';
import type { RandomSource } from '../../random-source.js';
import { sampleFromDistribution } from '../../sample-from-distribution.js';
import { assertRandom } from '../assert-random.js';
import { invalidArgument } from '../invalid-argument.js';
import { hasPositiveMass, probabilityMass } from '../probability-mass.js';

/** What a chain verification accepted. */
export interface ChainAcceptResult {
  /** How many draft tokens were accepted, a prefix of `draftTokens` (0 … γ). */
  readonly accepted: number;
  /** The correction token after a rejection, or the bonus token after a full acceptance. */
  readonly bonusToken: number;
}

/**
 * Speculative sampling for a chain of draft tokens SAMPLED from the draft distributions
 * (Leviathan et al. 2023, Chen et al. 2023; confu-spec §3.1): draft token `x_i` is accepted with
 * probability `min(1, p_i(x_i) / q_i(x_i))`; the first rejection emits a token from
 * `norm(max(0, p_i − q_i))` and stops; if all γ are accepted, the bonus comes from `p_{γ+1}`.
 * Lossless for any `q`. Distributions are normalised by their float64 sums. One `random.next()`
 * per acceptance test and one for the final token; if rounding leaves `max(0, p − q)` without
 * mass, the correction falls back to `p`. For deterministic (top-k) drafts use
 * {@link acceptStochastic} instead: this rule assumes `x_i ~ q_i`.
 * @param draftTokens γ ≥ 0 draft token ids, `draftTokens[i] ~ draftProbabilities[i]`.
 * @param draftProbabilities γ draft distributions `q_1 … q_γ`.
 * @param targetProbabilities γ + 1 processed target distributions `p_1 … p_{γ+1}`.
 * @throws ConfuError `INVALID_ARGUMENT` on mismatched lengths, a token outside the vocabulary or
 *   of zero draft probability, an invalid distribution, or a `random` without `next()`.
 */
export function acceptSampledChain(
  draftTokens: readonly number[],
  draftProbabilities: readonly Float32Array[],
  targetProbabilities: readonly Float32Array[],
  random: RandomSource,
): ChainAcceptResult {
  const gamma = checkChainShape(draftTokens, draftProbabilities, targetProbabilities);
  assertRandom(random);
  probabilityMass(targetProbabilities[0], '`targetProbabilities[0]`');
  const vocabSize = (targetProbabilities[0] as Float32Array).length;
  const targetMass = targetProbabilities.map((p, i) =>
    probabilityMass(p, `\`targetProbabilities[${i}]\``, vocabSize),
  );
  const draftMass = draftProbabilities.map((q, i) =>
    probabilityMass(q, `\`draftProbabilities[${i}]\``, vocabSize),
  );
  for (let i = 0; i < gamma; i++) {
    const token = draftTokens[i] as number;
    if (!(Number.isInteger(token) && token >= 0 && token < vocabSize)) {
      invalidArgument(
        `\`draftTokens[${i}]\` must be an integer in [0, ${vocabSize}), got ${String(token)}`,
      );
    }
    const p = targetProbabilities[i] as Float32Array;
    const q = draftProbabilities[i] as Float32Array;
    const pToken = (p[token] as number) / (targetMass[i] as number);
    const qToken = (q[token] as number) / (draftMass[i] as number);
    if (!(qToken > 0)) {
      invalidArgument(`\`draftProbabilities[${i}]\` gives draft token ${token} zero probability`);
    }
    // P(u · q(x) < p(x)) = min(1, p(x) / q(x)) for u uniform in [0, 1).
    if (random.next() * qToken < pToken) continue;
    const residual = new Float32Array(vocabSize);
    for (let y = 0; y < vocabSize; y++) {
      const excess =
        (p[y] as number) / (targetMass[i] as number) - (q[y] as number) / (draftMass[i] as number);
      residual[y] = Math.max(0, excess);
    }
    const bonusToken = sampleFromDistribution(hasPositiveMass(residual) ? residual : p, random);
    return { accepted: i, bonusToken };
  }
  return {
    accepted: gamma,
    bonusToken: sampleFromDistribution(targetProbabilities[gamma] as Float32Array, random),
  };
}

/** Checks the array lengths (γ, γ, γ + 1) and returns γ. */
function checkChainShape(
  draftTokens: readonly number[],
  draftProbabilities: readonly Float32Array[],
  targetProbabilities: readonly Float32Array[],
): number {
  assertArgument(Array.isArray(draftTokens), '`draftTokens` must be an array of token ids');
  const gamma = draftTokens.length;
  assertArgument(
    Array.isArray(draftProbabilities) && draftProbabilities.length === gamma,
    `\`draftProbabilities\` must hold ${gamma} distributions (one per draft token)`,
  );
  assertArgument(
    Array.isArray(targetProbabilities) && targetProbabilities.length === gamma + 1,
    `\`targetProbabilities\` must hold ${gamma + 1} distributions (one per draft token, plus one)`,
  );
  return gamma;
}
