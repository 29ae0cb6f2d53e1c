import { describe, expect, it } from 'vitest';
import { caught, keptIds, logitCases, randomLogits, ranking } from './__fixtures__/helpers.js';
import { createSeededRandom } from './random-source.js';
import { softmax64 } from './softmax.js';
import { applyTopP } from './top-p.js';

/** Reference: sort the whole vocabulary, keep the shortest prefix whose mass reaches topP. */
function referenceNucleus(logits: Float32Array, topP: number): number[] {
  const probs = softmax64(logits);
  const kept: number[] = [];
  let mass = 0;
  for (const id of ranking(probs)) {
    if (mass >= topP) break;
    kept.push(id);
    mass += probs[id] as number;
  }
  return kept.sort((a, b) => a - b);
}

const TOP_PS = [1e-9, 0.1, 0.5, 0.8, 0.9, 0.95, 0.999, 0.999999];

describe('applyTopP', () => {
  it('keeps the smallest most-likely prefix whose mass reaches topP', () => {
    for (const [caseIndex, logits] of logitCases(5, 400).entries()) {
      const topP = TOP_PS[caseIndex % TOP_PS.length] as number;
      const original = logits.slice();
      const probs = softmax64(logits);

      applyTopP(logits, topP);

      const kept = keptIds(logits);
      const mass = kept.reduce((total, id) => total + (probs[id] as number), 0);
      const smallest = Math.min(...kept.map((id) => probs[id] as number));
      expect(mass).toBeGreaterThanOrEqual(topP - 1e-12);
      expect(mass - smallest).toBeLessThan(topP);
      expect(kept).toEqual(referenceNucleus(original, topP));
    }
  });

  it('matches a full sort on a large, flat vocabulary', () => {
    const random = createSeededRandom(6);
    for (const topP of TOP_PS) {
      const logits = randomLogits(random, 20_000, 0.5);
      const expected = referenceNucleus(logits, topP);

      applyTopP(logits, topP);

      expect(keptIds(logits)).toEqual(expected);
    }
  });

  it('always keeps at least the most likely token', () => {
    const logits = new Float32Array([0, 2, 1]);

    applyTopP(logits, 1e-12);

    expect(keptIds(logits)).toEqual([1]);
  });

  it('orders equal probabilities by token id', () => {
    const logits = new Float32Array([1, 1, 1, 1]);

    applyTopP(logits, 0.5);

    expect(keptIds(logits)).toEqual([0, 1]);
  });

  it('is a no-op when topP is 1', () => {
    const logits = new Float32Array([5, -Infinity, 0]);

    applyTopP(logits, 1);

    expect([...logits]).toEqual([5, -Infinity, 0]);
  });

  it.each([0, -0.1, 1.5, Number.NaN])('throws INVALID_ARGUMENT for topP %s', (topP) => {
    expect(caught(() => applyTopP(new Float32Array([1]), topP))).toEqual({
      name: 'ConfuError',
      code: 'INVALID_ARGUMENT',
      message: `\`topP\` must be in (0, 1], got ${topP}`,
    });
  });
});
