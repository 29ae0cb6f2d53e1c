import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLmDrafter } from '@confu/draft';
import type { CausalLm } from '@confu/model';
import { createSampler, createSeededRandom } from '@confu/sampler';
import type { SamplerOptions } from '@confu/sampler';
import { createTinyLm } from '../__fixtures__/tiny-lm.js';
import { speculativeGenerate } from '@confu/engine';

const vocab = 5;
const newTokens = 3;
const prompt = [1, 3];
const samples = 12_000;

/** Exact probability of every continuation of `newTokens` tokens under plain sampling. */
async function exactDistribution(
  lm: CausalLm,
  options: SamplerOptions,
): Promise<Map<string, number>> {
  const sampler = createSampler(options);
  const exact = new Map<string, number>();
  const walk = async (sequence: number[], probability: number): Promise<void> => {
    if (sequence.length === prompt.length + newTokens) {
      exact.set(sequence.slice(prompt.length).join(','), probability);
      return;
    }
    const cache = lm.createCache();
    const result = await lm.forward(cache, { tokens: sequence });
    const last = result.logits.subarray((sequence.length - 1) * vocab, sequence.length * vocab);
    const p = sampler.probabilities(last, sequence);
    for (let token = 0; token < vocab; token++) {
      if ((p[token] as number) > 0)
        await walk([...sequence, token], probability * (p[token] as number));
    }
  };
  await walk([...prompt], 1);
  return exact;
}

/** Chi-square (bins with expected ≥ 5, the rest merged) and total variation of samples vs an exact law. */
function goodnessOfFit(counts: Map<string, number>, exact: Map<string, number>) {
  let samplesSeen = 0;
  for (const count of counts.values()) samplesSeen += count;
  let totalVariation = 0;
  for (const [key, probability] of exact)
    totalVariation += Math.abs((counts.get(key) ?? 0) / samplesSeen - probability);
  totalVariation /= 2;
  // Chi-square over bins with expected count ≥ 5, the rest merged into one bin.
  let chiSquare = 0;
  let bins = 0;
  let restExpected = 0;
  let restObserved = 0;
  for (const [key, probability] of exact) {
    const expected = probability * samplesSeen;
    const observed = counts.get(key) ?? 0;
    if (expected >= 5) {
      chiSquare += (observed - expected) ** 2 / expected;
      bins++;
    } else {
      restExpected += expected;
      restObserved += observed;
    }
  }
  if (restExpected > 0) {
    chiSquare += (restObserved - restExpected) ** 2 / restExpected;
    bins++;
  }
  const degrees = bins - 1;
  // Wilson–Hilferty approximation of the chi-square quantile at p = 1e-6 (z = 4.753).
  const critical = degrees * (1 - 2 / (9 * degrees) + 4.753 * Math.sqrt(2 / (9 * degrees))) ** 3;
  // E[TV] ≤ ½·√(K/N), plus a 1e-6 deviation margin.
  const tvBound =
    0.5 * Math.sqrt(exact.size / samplesSeen) + Math.sqrt(Math.log(1e6) / (2 * samplesSeen));

  return { totalVariation, tvBound, chiSquare, critical, degrees };
}

describe('speculativeGenerate reproduces the target distribution at temperature > 0 (tiny random model)', () => {
  let target: CausalLm;
  let draft: CausalLm;
  beforeAll(async () => {
    target = await createTinyLm(11, vocab, 0.5);
    draft = await createTinyLm(29, vocab, 0.5);
  });
  afterAll(async () => {
    await target.dispose();
    await draft.dispose();
  });

  it.each([
    {
      name: 'chain, top-k 4 + top-p 0.95, T 1.3',
      tree: { depth: 2, topK: 1, totalTokens: 4 },
      sampling: { temperature: 1.3, topK: 4, topP: 0.95 },
    },
    {
      name: 'tree, top-k 4 + top-p 0.95, T 1.3',
      tree: { depth: 2, topK: 2, totalTokens: 7 },
      sampling: { temperature: 1.3, topK: 4, topP: 0.95 },
    },
    {
      name: 'tree, plain T 1',
      tree: { depth: 2, topK: 2, totalTokens: 7 },
      sampling: { temperature: 1 },
    },
  ])(
    '$name: chi-square and total variation against the enumerated distribution',
    async ({ tree, sampling }) => {
      const exact = await exactDistribution(target, sampling);
      const drafter = createLmDrafter({ model: draft, tree, targetVocabSize: vocab });
      const random = createSeededRandom(20261127);
      const sampler = createSampler({ ...sampling, random });
      const counts = new Map<string, number>();
      let accepted = 0;
      for (let sample = 0; sample < samples; sample++) {
        const tokens: number[] = [];
        for await (const chunk of speculativeGenerate({
          model: target,
          drafter,
          promptTokens: prompt,
          maxTokens: newTokens,
          sampler,
          random,
        })) {
          tokens.push(...chunk.tokens);
          accepted += chunk.stats?.speculative?.accepted ?? 0;
        }
        const key = tokens.join(',');
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }

      // Sequences the target cannot produce (zero mass after top-k / top-p) never appear.
      for (const key of counts.keys())
        expect(exact.has(key), `impossible sequence ${key}`).toBe(true);
      const fit = goodnessOfFit(counts, exact);
      // Power control: the same samples tested against the draft model's distribution must fail.
      const control = goodnessOfFit(counts, await exactDistribution(draft, sampling));
      console.info(
        `TV ${fit.totalVariation.toFixed(4)} (bound ${fit.tvBound.toFixed(4)}), chi2 ${fit.chiSquare.toFixed(1)} (critical ${fit.critical.toFixed(1)}, df ${fit.degrees}); control chi2 ${control.chiSquare.toFixed(1)} (critical ${control.critical.toFixed(1)}); accepted drafts ${accepted}`,
      );

      expect(accepted).toBeGreaterThan(samples / 10);
      expect(fit.chiSquare).toBeLessThan(fit.critical);
      expect(fit.totalVariation).toBeLessThan(fit.tvBound);
      expect(control.chiSquare).toBeGreaterThan(control.critical);
    },
    300_000,
  );
});
