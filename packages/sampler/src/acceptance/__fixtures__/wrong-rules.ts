import { sampleFromDistribution } from '../../sample-from-distribution.js';
import { acceptSampledChain } from './accept-sampled-chain.js';
import { acceptStochastic } from '../accept-stochastic.js';
import { orderedChildren } from '../ordered-children.js';
import type { ChainRule, TreeRule } from './speculative-generation.js';

// Deliberately wrong acceptance rules: the losslessness test must reject each of them.

/** Chain: after a rejection, the correction is drawn from p instead of norm(max(0, p − q)). */
export const correctionFromP: ChainRule = (tokens, q, p, random) => {
  const result = acceptSampledChain(tokens, q, p, random);
  if (result.accepted === tokens.length) return result;
  return {
    ...result,
    bonusToken: sampleFromDistribution(p[result.accepted] as Float32Array, random),
  };
};

/** Tree: after every child was rejected, the bonus is drawn from the unmodified p. */
export const bonusFromUnmodifiedP: TreeRule = (draft, probabilities, random) => {
  const result = acceptStochastic(draft, probabilities, random);
  const last = result.path[result.path.length - 1] as number;
  if (!draft.parents.includes(last)) return result;
  return { ...result, bonusToken: sampleFromDistribution(probabilities(last), random) };
};

/** Tree: the first child with p(x) > 0 is always accepted. */
export const acceptFirstPositiveChild: TreeRule = (draft, probabilities, random) => {
  const children = orderedChildren(draft);
  const path = [0];
  for (;;) {
    const node = path[path.length - 1] as number;
    const p = probabilities(node);
    const child = children[node]?.find((c) => (p[draft.tokens[c] as number] as number) > 0);
    if (child === undefined) return { path, bonusToken: sampleFromDistribution(p, random) };
    path.push(child);
  }
};

/** Tree: every sibling is tested against the unmodified p(x), not the renormalised r(x). */
export const noRenormalisation: TreeRule = (draft, probabilities, random) => {
  const children = orderedChildren(draft);
  const path = [0];
  for (;;) {
    const node = path[path.length - 1] as number;
    const p = probabilities(node);
    const residual = p.slice();
    const accepted = children[node]?.find((child) => {
      const token = draft.tokens[child] as number;
      if (random.next() < (p[token] as number)) return true;
      residual[token] = 0;
      return false;
    });
    if (accepted !== undefined) {
      path.push(accepted);
      continue;
    }
    if (children[node]?.length === 0)
      return { path, bonusToken: sampleFromDistribution(p, random) };
    // Without renormalisation every candidate can be rejected with the whole mass on them.
    const weights = residual.some((value) => value > 0) ? residual : p;
    return { path, bonusToken: sampleFromDistribution(weights, random) };
  }
};
