import { describe, expect, it } from 'vitest';
import { caught } from '../__fixtures__/helpers.js';
import { createSeededRandom } from '../random-source.js';
import { acceptSampledChain } from './__fixtures__/accept-sampled-chain.js';
import { f32, scriptedRandom } from './__fixtures__/scripted-random.js';

describe('acceptSampledChain', () => {
  it('accepts every draft when q = p and samples the bonus from p_{γ+1}', () => {
    const p = f32(0.2, 0.3, 0.5);
    const random = scriptedRandom(0.99, 0.99, 0.1);

    expect(acceptSampledChain([1, 2], [p, p], [p, p, f32(0, 0, 1)], random)).toEqual({
      accepted: 2,
      bonusToken: 2,
    });
    expect(random.calls).toBe(3); // one per draft token, one for the bonus
  });

  it('accepts with probability min(1, p(x) / q(x))', () => {
    const p = [f32(0.2, 0.3, 0.5), f32(1, 0, 0)];
    const q = [f32(0.8, 0.1, 0.1)];

    // p(0) / q(0) = 0.25.
    expect(acceptSampledChain([0], q, p, scriptedRandom(0.24, 0)).accepted).toBe(1);
    expect(acceptSampledChain([0], q, p, scriptedRandom(0.26, 0)).accepted).toBe(0);
  });

  it('corrects a rejection from norm(max(0, p − q))', () => {
    const p = [f32(0.2, 0.3, 0.5), f32(1, 0, 0)];
    const q = [f32(0.8, 0.1, 0.1)];

    // Residual [0, 0.2, 0.4] / 0.6: token 1 below u = 1/3, token 2 above; never token 0.
    expect(acceptSampledChain([0], q, p, scriptedRandom(0.5, 0.3))).toEqual({
      accepted: 0,
      bonusToken: 1,
    });
    expect(acceptSampledChain([0], q, p, scriptedRandom(0.5, 0.34))).toEqual({
      accepted: 0,
      bonusToken: 2,
    });
    expect(acceptSampledChain([0], q, p, scriptedRandom(0.5, 0))).toEqual({
      accepted: 0,
      bonusToken: 1,
    });
  });

  it('stops at the first rejection', () => {
    const p = f32(0.5, 0.5);
    const q = f32(0.1, 0.9);
    const random = scriptedRandom(0.1, 0.9, 0.5);

    // Token 0 (p ≥ q) is accepted; token 1 (ratio 5/9) is rejected at u = 0.9; the correction
    // comes from max(0, p − q) = [0.4, 0], so it is token 0.
    expect(acceptSampledChain([0, 1, 1], [q, q, q], [p, p, p, p], random)).toEqual({
      accepted: 1,
      bonusToken: 0,
    });
    expect(random.calls).toBe(3);
  });

  it('with γ = 0 samples from p_1 only', () => {
    expect(acceptSampledChain([], [], [f32(0, 1)], scriptedRandom(0.5))).toEqual({
      accepted: 0,
      bonusToken: 1,
    });
  });

  it('normalises p and q by their float64 sums', () => {
    // p ∝ [1, 3] and q ∝ [2, 2]: p(1) / q(1) = 1.5, always accepted; p(0) / q(0) = 0.5.
    const p = [f32(1, 3), f32(0, 1)];
    const q = [f32(2, 2)];

    expect(acceptSampledChain([1], q, p, scriptedRandom(0.99, 0)).accepted).toBe(1);
    expect(acceptSampledChain([0], q, p, scriptedRandom(0.49, 0)).accepted).toBe(1);
    expect(acceptSampledChain([0], q, p, scriptedRandom(0.51, 0)).accepted).toBe(0);
  });

  it('never accepts or emits a token of zero target probability', () => {
    const random = createSeededRandom(5);
    const q = f32(0.5, 0.25, 0.25);
    const p = f32(0, 0.5, 0.5);
    const outcomes = new Set<string>();
    for (let trial = 0; trial < 2000; trial++) {
      const { accepted, bonusToken } = acceptSampledChain([0], [q], [p, p], random);
      outcomes.add(`${accepted}:${bonusToken}`);
    }

    expect([...outcomes].sort()).toEqual(['0:1', '0:2']);
  });

  it('falls back to p if rounding leaves max(0, p − q) empty', () => {
    const p = f32(0.5, 0.5);

    expect(acceptSampledChain([1], [p], [p, p], { next: () => 1 })).toEqual({
      accepted: 0,
      bonusToken: 1,
    });
  });

  it.each<[string, () => unknown, string]>([
    [
      'too few draft distributions',
      () =>
        acceptSampledChain(
          [0, 1],
          [f32(1, 0)],
          [f32(1, 0), f32(1, 0), f32(1, 0)],
          scriptedRandom(),
        ),
      '`draftProbabilities` must hold 2 distributions (one per draft token)',
    ],
    [
      'too few target distributions',
      () => acceptSampledChain([0], [f32(1, 0)], [f32(1, 0)], scriptedRandom()),
      '`targetProbabilities` must hold 2 distributions (one per draft token, plus one)',
    ],
    [
      'a token outside the vocabulary',
      () => acceptSampledChain([2], [f32(1, 0)], [f32(1, 0), f32(1, 0)], scriptedRandom()),
      '`draftTokens[0]` must be an integer in [0, 2), got 2',
    ],
    [
      'a draft token q gives zero mass',
      () => acceptSampledChain([1], [f32(1, 0)], [f32(1, 0), f32(1, 0)], scriptedRandom()),
      '`draftProbabilities[0]` gives draft token 1 zero probability',
    ],
    [
      'a vocabulary mismatch',
      () => acceptSampledChain([0], [f32(1, 0, 0)], [f32(1, 0), f32(1, 0)], scriptedRandom()),
      '`draftProbabilities[0]` must have length 2 (the vocabulary size), got 3',
    ],
    [
      'a target without mass',
      () => acceptSampledChain([0], [f32(1, 0)], [f32(1, 0), f32(0, 0)], scriptedRandom()),
      '`targetProbabilities[1]` must be non-negative with a positive finite sum',
    ],
    [
      'a plain-array distribution',
      () => acceptSampledChain([], [], [[1] as never], scriptedRandom()),
      '`targetProbabilities[0]` must be a non-empty Float32Array',
    ],
    [
      'a random source without next()',
      () => acceptSampledChain([], [], [f32(1)], {} as never),
      '`random` must be an object with a `next()` method',
    ],
  ])('throws INVALID_ARGUMENT for %s', (_case, call, message) => {
    expect(caught(call)).toEqual({ name: 'ConfuError', code: 'INVALID_ARGUMENT', message });
  });
});
