import { describe, expect, it } from 'vitest';
import { distributionFromLogits } from './target-distribution.js';

describe('distributionFromLogits', () => {
  const logits = Float32Array.from([1, 3, 2, 3, -1, 0, 0, 5]);

  it('stores normalised full log-prob rows for small vocabularies', () => {
    const target = distributionFromLogits(logits, 4);
    expect(target.kind).toBe('full');
    for (let row = 0; row < 2; row++) {
      const mass = [...target.logProbs.subarray(row * 4, row * 4 + 4)].reduce(
        (sum, lp) => sum + Math.exp(lp),
        0,
      );
      expect(mass).toBeCloseTo(1, 6);
    }
    expect((target.logProbs[1] as number) - (target.logProbs[0] as number)).toBeCloseTo(2, 6);
  });

  it('keeps the k most likely ids per row, ties by lower id', () => {
    const target = distributionFromLogits(logits, 4, { topK: 2 });
    const full = distributionFromLogits(logits, 4, 'full');
    expect(target.kind).toBe('top-k');
    if (target.kind !== 'top-k') return;
    expect([...target.ids]).toEqual([1, 3, 3, 1]);
    expect(target.logProbs[0]).toBe(full.logProbs[1]);
    expect(target.logProbs[2]).toBe(full.logProbs[7]);
  });

  it('rejects NaN logits and bad shapes', () => {
    expect(() => distributionFromLogits(Float32Array.from([0, Number.NaN]), 2)).toThrow(
      expect.objectContaining({ code: 'NUMERIC_ERROR' }),
    );
    expect(() => distributionFromLogits(logits, 3)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
