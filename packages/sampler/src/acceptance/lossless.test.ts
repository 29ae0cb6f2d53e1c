import { describe, expect, it } from 'vitest';
import { createSeededRandom, type RandomSource } from '../random-source.js';
import type { SamplerOptions } from '../sampler.js';
import { acceptSampledChain } from './__fixtures__/accept-sampled-chain.js';
import { acceptStochastic } from './accept-stochastic.js';
import {
  emptyCoverage,
  generateWithChain,
  generateWithTree,
  type ChainRule,
  type Coverage,
  type TreeRule,
} from './__fixtures__/speculative-generation.js';
import { describeFit, goodnessOfFit, type GoodnessOfFit } from '@internal/test-utils';
import {
  createToyModel,
  exactSequenceProbabilities,
  hashedLogits,
  sequenceIndex,
  type ToyModel,
} from './__fixtures__/toy-model.js';
import {
  acceptFirstPositiveChild,
  bonusFromUnmodifiedP,
  correctionFromP,
  noRenormalisation,
} from './__fixtures__/wrong-rules.js';

// Full speculative generation of 3 tokens from a fixed prompt, repeated SAMPLES times under one
// seed, against the exact distribution over the 5³ continuations enumerated from the target.
const VOCAB = 5;
const PROMPT = [1, 3];
const NEW_TOKENS = 3;
const SAMPLES = 100_000;

const targetLogits = (prefix: readonly number[]) => hashedLogits(prefix, 11, VOCAB, 1);
// The drafter sees the target's logits plus its own noise: close enough to accept often, far
// enough (and with its own top-k) to be rejected often.
const draftLogits = (prefix: readonly number[]) => {
  const logits = targetLogits(prefix);
  const noise = hashedLogits(prefix, 29, VOCAB, 1.5);
  return logits.map((value, token) => value + (noise[token] as number));
};
const drafter = createToyModel(draftLogits, { temperature: 1.3, topK: 3 }, VOCAB);

const targets: [string, SamplerOptions][] = [
  ['temperature 0.8, top-k 4, top-p 0.9', { temperature: 0.8, topK: 4, topP: 0.9 }],
  ['temperature 1', { temperature: 1 }],
];

interface Run {
  readonly fit: GoodnessOfFit;
  readonly coverage: Coverage;
}

type Generate = (target: ToyModel, random: RandomSource, coverage: Coverage) => number[];

function run(target: ToyModel, generate: Generate, seed: number): Run {
  const random = createSeededRandom(seed);
  const coverage = emptyCoverage();
  const counts = new Float64Array(VOCAB ** NEW_TOKENS);
  for (let sample = 0; sample < SAMPLES; sample++) {
    const index = sequenceIndex(generate(target, random, coverage), VOCAB);
    counts[index] = (counts[index] as number) + 1;
  }
  return {
    fit: goodnessOfFit(counts, exactSequenceProbabilities(target, PROMPT, NEW_TOKENS)),
    coverage,
  };
}

const tree =
  (rule: TreeRule): Generate =>
  (target, random, coverage) =>
    generateWithTree(
      { target, drafter, prompt: PROMPT, newTokens: NEW_TOKENS },
      random,
      rule,
      coverage,
    );
const chain =
  (rule: ChainRule): Generate =>
  (target, random, coverage) =>
    generateWithChain(
      { target, drafter, prompt: PROMPT, newTokens: NEW_TOKENS },
      random,
      rule,
      coverage,
    );

describe.each(targets)('speculative generation is lossless for target %s', (_label, options) => {
  const target = createToyModel(targetLogits, options, VOCAB);
  const filtered = options.topK !== undefined;

  it.for([
    ['acceptSampledChain, γ = 3 drafts sampled from q', chain(acceptSampledChain), 3],
    ['acceptStochastic, 7-node top-2 tree of q', tree(acceptStochastic), 2],
  ] as const)('%s', async ([label, generate, maxAccepted], { annotate }) => {
    const { fit, coverage } = run(target, generate, 20240601);
    await annotate(describeFit(label, fit));

    expect(fit.impossibleSamples).toBe(0); // G6: a zero-mass token is never emitted
    expect(fit.chiSquare).toBeLessThan(fit.criticalValue);
    expect(fit.totalVariation).toBeLessThan(fit.totalVariationBound);
    expect(fit.maxAbsoluteError).toBeLessThan(0.01);
    // The run exercised every outcome of a round: 0 … max accepted tokens, residual bonuses, and
    // (with top-k / top-p) drafts of tokens the target cannot emit.
    for (let accepted = 0; accepted <= maxAccepted; accepted++) {
      expect(coverage.acceptedHistogram[accepted]).toBeGreaterThan(1000);
    }
    expect(coverage.residualBonuses).toBeGreaterThan(1000);
    if (filtered) expect(coverage.zeroMassDrafts).toBeGreaterThan(1000);
  });
});

// Each control breaks one step of the rule (see wrong-rules.ts); the same statistics must reject it.
describe('the statistic rejects a wrong rule (control)', () => {
  const target = createToyModel(targetLogits, targets[0]?.[1] ?? {}, VOCAB);

  it.for([
    ['chain: correction sampled from p instead of norm(max(0, p − q))', chain(correctionFromP)],
    ['tree: bonus from the unmodified p after rejections', tree(bonusFromUnmodifiedP)],
    ['tree: first child accepted whenever p(x) > 0', tree(acceptFirstPositiveChild)],
    ['tree: siblings tested against p(x), not the residual r(x)', tree(noRenormalisation)],
  ] as const)('%s', async ([label, generate], { annotate }) => {
    const { fit } = run(target, generate, 20240601);
    await annotate(describeFit(`control, ${label}`, fit));

    expect(fit.chiSquare).toBeGreaterThan(fit.criticalValue);
    expect(fit.totalVariation).toBeGreaterThan(fit.totalVariationBound);
  });
});
