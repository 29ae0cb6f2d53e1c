import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSampler } from '@confu/sampler';
import {
  describeFit,
  goodnessOfFit,
  hasStories260k,
  stories260kDirectory,
} from '@internal/test-utils';
import { describe, expect, it } from 'vitest';
import { loadDrafter } from './load-drafter.js';
import { loadModel } from './load-model.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const stories260k = stories260kDirectory;
const hasModel = hasStories260k('trained heads at temperature 1');
const samples = 3000;

/**
 * Speculative sampling at T = 1 with the committed trained heads must reproduce the target's law.
 * The law of the next two tokens after a fixed prompt is enumerable exactly (512 + 1 target passes);
 * the second token comes out of a speculative round (accepted draft or residual sample), so the
 * acceptance rule with a real, well-accepted tree is what the χ² test checks.
 */
describe.skipIf(!hasModel).each([
  ['EAGLE-3', 'eagle3', 'models/stories260k-eagle3'],
  ['ConFu', 'confu', 'models/stories260k-confu'],
] as const)('trained %s head at temperature 1 (stories260K)', (_, kind, directory) => {
  it(`samples the next two tokens with the target's exact law (${samples} seeds, χ² at p = 1e-6)`, async () => {
    const model = await loadModel(stories260k, { numThreads: 1 });
    const drafter = await loadDrafter(
      model,
      stories260k,
      {
        kind,
        seed: 0,
        modelPath: join(repositoryRoot, directory),
        tree: { depth: 5, topK: 4, totalTokens: 16 },
      },
      { numThreads: 1 },
    );
    try {
      const prompt = model.encode('Once upon a time, there was a little');
      const V = model.lm.info.vocabSize;
      const sampler = createSampler({ temperature: 1 });
      const last = async (tokens: readonly number[]): Promise<Float32Array> => {
        const result = await model.lm.forward(model.lm.createCache(), { tokens });
        return sampler.probabilities(
          result.logits.subarray((tokens.length - 1) * V, tokens.length * V),
          tokens,
        );
      };
      const first = await last(prompt);
      const exact = new Float64Array(V * V);
      for (let a = 0; a < V; a++) {
        const second = await last([...prompt, a]);
        for (let b = 0; b < V; b++) exact[a * V + b] = (first[a] as number) * (second[b] as number);
      }
      const counts = new Float64Array(V * V);
      let accepted = 0;
      for (let seed = 0; seed < samples; seed++) {
        const tokens: number[] = [];
        for await (const chunk of model.generate({
          prompt,
          maxTokens: 2,
          temperature: 1,
          seed,
          ...(drafter ? { drafter } : {}),
        })) {
          tokens.push(...chunk.tokens);
          accepted += chunk.stats?.speculative?.accepted ?? 0;
        }
        expect(tokens).toHaveLength(2);
        counts[(tokens[0] as number) * V + (tokens[1] as number)]++;
      }
      const fit = goodnessOfFit(counts, exact);
      console.info(describeFit(`${kind} head, T = 1, next two tokens`, fit));
      expect(fit.chiSquare).toBeLessThan(fit.criticalValue);
      expect(fit.impossibleSamples).toBe(0);
      // The rounds really draft: a trained head gets its first draft accepted in most rounds.
      expect(accepted / samples).toBeGreaterThan(0.3);
    } finally {
      await drafter?.dispose();
      await model.dispose();
    }
  });
});
