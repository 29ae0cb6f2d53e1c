import { assertArgument } from '@confu/errors';
import type { RandomSource } from '../random-source.js';
import { sampleFromDistribution } from '../sample-from-distribution.js';
import { assertAcceptanceTree, type AcceptanceTree, type AcceptResult } from './acceptance-tree.js';
import { assertRandom } from './assert-random.js';
import { invalidArgument } from './invalid-argument.js';
import { childLists } from './ordered-children.js';
import { hasPositiveMass, probabilityMass } from './probability-mass.js';

/**
 * Lossless stochastic tree acceptance for deterministic candidates, confu-spec §3.3 and §5.9.
 * At each node, starting from its own unmodified target distribution `p`, the distinct child
 * tokens are tried in {@link orderedChildren} order: child `x` is accepted with probability
 * `r(x)` (`r` = the current residual, initially `p`); a rejection sets `r(x) = 0` and
 * renormalises. An accepted child becomes the current node. The walk stops when every child is
 * rejected (bonus ~ the residual) or at a node without children (bonus ~ its unmodified `p`).
 * The emitted path + bonus are distributed exactly as ancestral sampling from the target.
 *
 * Randomness: exactly one `random.next()` per acceptance test (duplicate sibling tokens are
 * skipped without a test) and one for the bonus, so a seeded source gives reproducible results.
 * If rounding ever leaves the residual without mass, the bonus falls back to the unmodified `p`,
 * which still never emits a token of zero target probability.
 * @param targetProbabilities the processed target distribution at a node (the token after it),
 *   e.g. from `Sampler.probabilities`; called once per node on the walk and never mutated.
 * @throws ConfuError `INVALID_ARGUMENT` if `tree` is malformed, `random` has no `next()`, or a
 *   distribution is not a valid probability vector covering every child token.
 */
export function acceptStochastic(
  tree: AcceptanceTree,
  targetProbabilities: (node: number) => Float32Array,
  random: RandomSource,
): AcceptResult {
  assertAcceptanceTree(tree);
  assertArgument(
    typeof targetProbabilities === 'function',
    '`targetProbabilities` must be a function',
  );
  assertRandom(random);
  const children = childLists(tree, true);
  const path = [0];
  let vocabSize: number | undefined;
  for (let node = 0; ;) {
    const p = targetProbabilities(node);
    let mass = probabilityMass(p, `\`targetProbabilities(${node})\``, vocabSize);
    vocabSize = p.length;
    const candidates = children[node] as number[];
    if (candidates.length === 0) return { path, bonusToken: sampleFromDistribution(p, random) };

    for (const child of candidates) {
      const token = tree.tokens[child] as number;
      if (token >= p.length) {
        invalidArgument(
          `\`targetProbabilities(${node})\` has no entry for token ${token} (node ${child})`,
        );
      }
    }
    // The residual stays unnormalised: dividing by `mass` at each test is the renormalisation.
    const residual = p.slice();
    const tried: number[] = []; // a few siblings: a scan beats a Set
    let accepted = -1;
    for (const child of candidates) {
      const token = tree.tokens[child] as number;
      if (tried.includes(token)) continue;
      tried.push(token);
      // P(u · mass < r(x)) = r(x) / mass for u uniform in [0, 1).
      if (random.next() * mass < (residual[token] as number)) {
        accepted = child;
        break;
      }
      residual[token] = 0;
      // Re-summed, not decremented, so rounding cannot leave mass on rejected tokens.
      mass = sum(residual);
    }
    if (accepted === -1) {
      const bonusToken = sampleFromDistribution(hasPositiveMass(residual) ? residual : p, random);
      return { path, bonusToken };
    }
    path.push(accepted);
    node = accepted;
  }
}

function sum(values: Float32Array): number {
  let total = 0;
  for (let index = 0; index < values.length; index++) total += values[index] as number;
  return total;
}
