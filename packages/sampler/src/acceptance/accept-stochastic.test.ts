import { describe, expect, it } from 'vitest';
import { caught } from '../__fixtures__/helpers.js';
import { createSeededRandom } from '../random-source.js';
import { acceptStochastic } from './accept-stochastic.js';
import type { AcceptanceTree } from './acceptance-tree.js';
import { f32, scriptedRandom } from './__fixtures__/scripted-random.js';

/** Target distributions per node from a table. */
const at =
  (table: Record<number, Float32Array>) =>
  (node: number): Float32Array => {
    const p = table[node];
    if (p === undefined) throw new Error(`p asked for node ${node}`);
    return p;
  };

// Root with children token 0 (node 1) and token 1 (node 2); node 1 has child token 2 (node 3).
const tree: AcceptanceTree = { tokens: [4, 0, 1, 2], parents: [-1, 0, 0, 1] };

describe('acceptStochastic', () => {
  it('accepts a child that holds the whole mass and continues from its own p', () => {
    const random = scriptedRandom(0.999, 0.999, 0.5);
    const p = at({ 0: f32(1, 0, 0, 0, 0), 1: f32(0, 0, 1, 0, 0), 3: f32(0, 0, 0, 0, 1) });

    expect(acceptStochastic(tree, p, random)).toEqual({ path: [0, 1, 3], bonusToken: 4 });
    expect(random.calls).toBe(3); // two acceptance tests and the bonus
  });

  it('rejects children of zero mass and samples the bonus from the residual', () => {
    const random = scriptedRandom(0, 0, 0);
    const p = at({ 0: f32(0, 0, 0.25, 0.75, 0) });

    expect(acceptStochastic(tree, p, random)).toEqual({ path: [0], bonusToken: 2 });
  });

  it('renormalises the residual after each rejection: r(x) = p(x) / (1 − p(rejected))', () => {
    const p = at({ 0: f32(0.5, 0.3, 0.2, 0, 0), 2: f32(0, 0, 0, 1, 0) });
    // u = 0.6 rejects token 0 (p = 0.5); token 1 then has r = 0.3 / 0.5 = 0.6.
    expect(acceptStochastic(tree, p, scriptedRandom(0.6, 0.59, 0))).toEqual({
      path: [0, 2],
      bonusToken: 3,
    });
    // Rejecting it too leaves r = [0, 0, 1, 0, 0]: the bonus is token 2 whatever u is.
    expect(acceptStochastic(tree, p, scriptedRandom(0.6, 0.61, 0))).toEqual({
      path: [0],
      bonusToken: 2,
    });
  });

  it('divides by the float64 sum when p is not exactly normalised', () => {
    const p = at({ 0: f32(2, 2, 0, 0, 0), 1: f32(0, 0, 0, 0, 1), 2: f32(0, 0, 0, 0, 1) });

    expect(acceptStochastic(tree, p, scriptedRandom(0.49, 0, 0)).path).toEqual([0, 1]);
    expect(acceptStochastic(tree, p, scriptedRandom(0.51, 0.99, 0)).path).toEqual([0, 2]);
  });

  it('tries siblings by descending score, ties in tree order', () => {
    const scored = { ...tree, scores: [0, -2, -1, -3] };
    const p = at({ 0: f32(0.5, 0.5, 0, 0, 0), 2: f32(0, 0, 0, 1, 0) });

    // u = 0.4 accepts whichever child is tried first: node 2 (score -1), not node 1.
    expect(acceptStochastic(scored, p, scriptedRandom(0.4, 0))).toEqual({
      path: [0, 2],
      bonusToken: 3,
    });
  });

  it('keeps the residual at its node: a deeper node starts from its unmodified p', () => {
    // Root rejects token 0 and accepts token 1; node 2's child also carries token 0.
    const deeper = { tokens: [4, 0, 1, 0], parents: [-1, 0, 0, 2] };
    const p = at({ 0: f32(0.5, 0.5, 0, 0, 0), 2: f32(0.5, 0, 0, 0, 0.5), 3: f32(0, 0, 0, 1, 0) });

    // At node 2, r(0) is 0.5 again (not 0), so u = 0.4 accepts it.
    const result = acceptStochastic(deeper, p, scriptedRandom(0.9, 0.1, 0.4, 0));

    expect(result).toEqual({ path: [0, 2, 3], bonusToken: 3 });
  });

  it('samples the bonus from the unmodified p of an accepted leaf', () => {
    const p = at({ 0: f32(0.5, 0.5, 0, 0, 0), 2: f32(0.5, 0.5, 0, 0, 0) });

    // The root rejected token 0, yet the leaf's bonus can be token 0.
    expect(acceptStochastic(tree, p, scriptedRandom(0.9, 0.1, 0.1))).toEqual({
      path: [0, 2],
      bonusToken: 0,
    });
  });

  it('skips duplicate sibling tokens without a random draw', () => {
    const duplicates = { tokens: [4, 0, 0, 1], parents: [-1, 0, 0, 0] };
    const random = scriptedRandom(0.7, 0.1, 0);
    const p = at({ 0: f32(0.6, 0.4, 0, 0, 0), 3: f32(0, 0, 1, 0, 0) });

    expect(acceptStochastic(duplicates, p, random)).toEqual({ path: [0, 3], bonusToken: 2 });
    expect(random.calls).toBe(3);
  });

  it('never emits or accepts a token of zero target probability', () => {
    const random = createSeededRandom(7);
    const p = at({ 0: f32(0, 0.5, 0, 0.5, 0), 2: f32(0.3, 0, 0.7, 0, 0), 3: f32(1, 0, 0, 0, 0) });
    const emitted = new Set<string>();
    for (let trial = 0; trial < 2000; trial++) {
      const { path, bonusToken } = acceptStochastic(tree, p, random);
      emitted.add(`${path.join('>')}:${bonusToken}`);
    }

    // Node 1 (token 0, p = 0 at the root) is never accepted, every bonus has p > 0 at its node,
    // and after token 1 is rejected at the root the residual leaves only token 3.
    expect([...emitted].sort()).toEqual(['0:3', '0>2:0', '0>2:2']);
  });

  it('does not mutate the target distributions', () => {
    const root = f32(0.5, 0.3, 0.2, 0, 0);
    acceptStochastic(tree, at({ 0: root }), scriptedRandom(0.9, 0.9, 0));

    expect([...root]).toEqual([...f32(0.5, 0.3, 0.2, 0, 0)]);
  });

  it('gives the same result for the same seed (20 repeats)', () => {
    const p = at({
      0: f32(0.2, 0.3, 0.5, 0, 0),
      1: f32(0.1, 0.1, 0.2, 0.3, 0.3),
      2: f32(0.2, 0.2, 0.2, 0.2, 0.2),
      3: f32(0.5, 0, 0, 0, 0.5),
    });
    const run = (seed: number) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 50 }, () => acceptStochastic(tree, p, random));
    };
    const first = run(3);

    for (let repeat = 0; repeat < 20; repeat++) expect(run(3)).toEqual(first);
    expect(run(4)).not.toEqual(first);
  });

  it('falls back to the unmodified p if rounding leaves the residual empty', () => {
    // A source that returns 1 (outside [0, 1)) rejects even a child holding the whole mass.
    const p = at({ 0: f32(1, 0, 0, 0, 0) });

    expect(acceptStochastic(tree, p, { next: () => 1 })).toEqual({ path: [0], bonusToken: 0 });
  });

  it.each<[string, (node: number) => unknown, string]>([
    [
      'a non-Float32Array',
      () => [0.5, 0.5],
      '`targetProbabilities(0)` must be a non-empty Float32Array',
    ],
    ['an empty array', () => f32(), '`targetProbabilities(0)` must be a non-empty Float32Array'],
    [
      'a negative entry',
      () => f32(1.5, -0.5),
      '`targetProbabilities(0)` must be non-negative with a positive finite sum',
    ],
    [
      'no mass',
      () => f32(0, 0),
      '`targetProbabilities(0)` must be non-negative with a positive finite sum',
    ],
    [
      'NaN',
      () => f32(Number.NaN, 1),
      '`targetProbabilities(0)` must be non-negative with a positive finite sum',
    ],
    [
      'too few entries for a child token',
      () => f32(0.5, 0.5),
      '`targetProbabilities(0)` has no entry for token 2 (node 2)',
    ],
    [
      'lengths that differ between nodes',
      (node) => (node === 0 ? f32(1, 0, 0) : f32(1, 0, 0, 0)),
      '`targetProbabilities(1)` must have length 3 (the vocabulary size), got 4',
    ],
  ])('throws INVALID_ARGUMENT for %s', (_case, probabilities, message) => {
    const small = { tokens: [0, 0, 2], parents: [-1, 0, 0] };
    const thrown = caught(() =>
      acceptStochastic(small, probabilities as (node: number) => Float32Array, scriptedRandom(0.1)),
    );

    expect(thrown).toEqual({ name: 'ConfuError', code: 'INVALID_ARGUMENT', message });
  });

  it('throws INVALID_ARGUMENT for a bad tree, callback or random source', () => {
    const p = () => f32(1, 0, 0, 0, 0);

    expect(
      caught(() => acceptStochastic({ tokens: [0], parents: [0] }, p, scriptedRandom())).message,
    ).toBe('`tree.parents[0]` must be -1 (the root), got 0');
    expect(caught(() => acceptStochastic(tree, 'p' as never, scriptedRandom())).message).toBe(
      '`targetProbabilities` must be a function',
    );
    expect(caught(() => acceptStochastic(tree, p, {} as never)).message).toBe(
      '`random` must be an object with a `next()` method',
    );
  });
});
