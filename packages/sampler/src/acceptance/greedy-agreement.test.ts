import { describe, expect, it } from 'vitest';
import { randomLogits } from '../__fixtures__/helpers.js';
import { argmax } from '../argmax.js';
import { createSeededRandom, type RandomSource } from '../random-source.js';
import { createSampler } from '../sampler.js';
import { acceptGreedy } from './accept-greedy.js';
import { acceptStochastic } from './accept-stochastic.js';
import type { AcceptanceTree } from './acceptance-tree.js';

const VOCAB = 8;

/**
 * A random tree with distinct sibling tokens, where each node's first child is the target argmax
 * half of the time (so long matching paths occur), with random scores.
 */
function randomTree(random: RandomSource, logitsAt: Float32Array[], size: number): AcceptanceTree {
  const tokens = [Math.floor(random.next() * VOCAB)];
  const parents = [-1];
  const scores = [0];
  while (tokens.length < size) {
    const parent = Math.floor(random.next() * tokens.length);
    const used = tokens.filter((_, sibling) => parents[sibling] === parent);
    if (used.length === VOCAB) continue; // every token is taken under this parent
    const best = argmax(logitsAt[parent] as Float32Array);
    let token =
      !used.includes(best) && random.next() < 0.5 ? best : Math.floor(random.next() * VOCAB);
    while (used.includes(token)) token = (token + 1) % VOCAB;
    tokens.push(token);
    parents.push(parent);
    scores.push(-random.next());
  }
  return { tokens, parents, scores };
}

describe('at temperature 0 acceptStochastic agrees with acceptGreedy', () => {
  it('on 500 random trees with one-hot target distributions', () => {
    const random = createSeededRandom(99);
    const sampler = createSampler({ temperature: 0 });
    let longest = 0;
    for (let trial = 0; trial < 500; trial++) {
      const size = 1 + Math.floor(random.next() * 12);
      const logitsAt = Array.from({ length: size }, () => randomLogits(random, VOCAB));
      const tree = randomTree(random, logitsAt, size);

      const greedy = acceptGreedy(tree, (node) => argmax(logitsAt[node] as Float32Array));
      const stochastic = acceptStochastic(
        tree,
        (node) => sampler.probabilities(logitsAt[node] as Float32Array),
        random,
      );

      expect(stochastic).toEqual(greedy);
      longest = Math.max(longest, greedy.path.length);
    }
    expect(longest).toBeGreaterThanOrEqual(4); // the trees did exercise long matches
  });

  it('a draft that always proposes the target argmax is accepted to the leaf (G5)', () => {
    const random = createSeededRandom(5);
    const logitsAt = Array.from({ length: 6 }, () => randomLogits(random, VOCAB));
    const tokens = [0];
    for (let node = 1; node < 6; node++) tokens.push(argmax(logitsAt[node - 1] as Float32Array));
    const chain = { tokens, parents: [-1, 0, 1, 2, 3, 4] };
    const p = createSampler({ temperature: 0 });

    const result = acceptStochastic(
      chain,
      (node) => p.probabilities(logitsAt[node] as Float32Array),
      random,
    );

    expect(result).toEqual({
      path: [0, 1, 2, 3, 4, 5],
      bonusToken: argmax(logitsAt[5] as Float32Array),
    });
    expect(acceptGreedy(chain, (node) => argmax(logitsAt[node] as Float32Array))).toEqual(result);
  });
});
