import { describe, expect, it } from 'vitest';
import { moeEmbedding } from './moe-embedding.js';

describe('moeEmbedding', () => {
  // 3 experts over a 2-wide input, 2-wide embeddings.
  const router = Float32Array.of(1, 0, 0, 1, -1, -1);
  const experts = Float32Array.of(1, 0, 0, 1, 5, 5);

  it('mixes the top-K experts with softmax gates renormalised over them', () => {
    const input = [2, 1]; // scores 2, 1, -3
    const [a, b] = [Math.exp(2), Math.exp(1)];
    const out = moeEmbedding(router, experts, input, 2);
    expect(out[0]).toBeCloseTo(a / (a + b), 6);
    expect(out[1]).toBeCloseTo(b / (a + b), 6);
  });

  it('returns the best expert alone with topK 1, and the full softmax mixture with topK nE', () => {
    expect(Array.from(moeEmbedding(router, experts, [0, 3], 1))).toEqual([0, 1]);
    const scores = [0.5, -0.5, 0];
    const weights = scores.map(Math.exp);
    const total = weights.reduce((x, y) => x + y);
    const out = moeEmbedding(router, experts, [0.5, -0.5], 3);
    expect(out[0]).toBeCloseTo(
      (weights[0] as number) / total + (5 * (weights[2] as number)) / total,
      6,
    );
  });

  it('breaks ties towards the lower expert index', () => {
    expect(Array.from(moeEmbedding(router, experts, [0, 0], 1))).toEqual([1, 0]);
  });

  it('rejects mismatched shapes and topK outside [1, nE]', () => {
    expect(() => moeEmbedding(router, experts, [1, 2, 3, 4], 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => moeEmbedding(router, experts, [1, 2], 4)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/topK/) }),
    );
  });
});
