import type {
  DraftTree,
  ForwardResult,
  KvCache,
  Profiler,
  TargetFeatures,
  TargetModel,
  TargetPassPlan,
} from '@confu/core';
import { acceptGreedy, acceptStochastic, argmax } from '@confu/sampler';
import type { RandomSource, Sampler } from '@confu/sampler';
import { runTargetPass, targetFeatures } from './run-target-pass.js';

/** Options of {@link verifyTree}. */
export interface VerifyTreeOptions {
  readonly lm: TargetModel;
  /** The committed target cache; the accepted path is appended to it. */
  readonly cache: KvCache;
  readonly tree: DraftTree;
  /** The same sampler plain decoding uses: its processed distribution is the one preserved. */
  readonly sampler: Sampler;
  /** Random source of the acceptance tests (stochastic mode). */
  readonly random: RandomSource;
  /** Tokens committed so far plus the root: the history for repetition penalties. */
  readonly history: readonly number[];
  /** Fetch `hidden_taps` of the accepted path (drafters that read target features). */
  readonly taps?: boolean;
  /** The drafter's extra rows for this pass. */
  readonly plan?: TargetPassPlan;
  readonly signal?: AbortSignal;
  /** Records `verify.pass`, `verify.accept`, `verify.commit` (profiling). */
  readonly profiler?: Profiler;
}

/** Outcome of one verification round. */
export interface VerifyTreeResult {
  /** Accepted tree nodes, root first. */
  readonly path: readonly number[];
  /** Tokens of the accepted nodes after the root. */
  readonly acceptedTokens: readonly number[];
  /** Sampled from the target at the last accepted node: the next root. */
  readonly bonusToken: number;
  /**
   * For the drafter's next `observe`: `[path.length, tapWidth]` taps of the committed positions
   * (when requested), the path, and the taps of the plan's extra rows (when the plan asked).
   */
  readonly features: TargetFeatures;
}

/**
 * Verifies a draft tree with one target pass (positions = committed + depth, tree mask), accepts
 * the longest path the target agrees with — greedy or by recursive rejection sampling over
 * siblings, exact for the sampler's processed distribution — and commits that path's K/V rows.
 */
export async function verifyTree(options: VerifyTreeOptions): Promise<VerifyTreeResult> {
  const { lm, cache, tree, sampler, random, history, profiler } = options;
  const vocab = lm.info.vocabSize;
  const taps = options.taps === true;
  let mark = profiler?.now() ?? 0;
  const lap = (name: string): void => {
    if (!profiler) return;
    const now = profiler.now();
    profiler.record(name, now - mark);
    mark = now;
  };
  const argmaxOnly = sampler.picksRawArgmax;
  const output = await runTargetPass(lm, cache, {
    tree,
    taps,
    outputs: argmaxOnly ? 'argmax' : 'logits',
    ...(options.plan ? { plan: options.plan } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const { result } = output;
  lap('verify.pass');
  const distribution = nodeDistributions(result, tree, history, sampler, vocab);
  const picks = result.argmax;
  const accepted = picks
    ? acceptGreedy(tree, (node) => picks[node] as number)
    : sampler.greedy
      ? acceptGreedy(tree, (node) => argmax(distribution(node)))
      : acceptStochastic(tree, distribution, random);
  const path = accepted.path;
  lap('verify.accept');
  lm.commit(cache, result, path);
  lap('verify.commit');
  return {
    path,
    acceptedTokens: path.slice(1).map((node) => tree.tokens[node] as number),
    bonusToken: accepted.bonusToken,
    features: targetFeatures(output, {
      rows: path,
      taps,
      plan: options.plan,
      tapWidth: lm.info.numTaps * lm.info.hiddenSize,
      path,
    }),
  };
}

/** Lazily computed processed target distribution after each node (history = prefix + ancestors). */
function nodeDistributions(
  result: ForwardResult,
  tree: DraftTree,
  history: readonly number[],
  sampler: Sampler,
  vocab: number,
): (node: number) => Float32Array {
  const cache = new Map<number, Float32Array>();
  return (node) => {
    let probabilities = cache.get(node);
    if (!probabilities) {
      const logits = result.logits.subarray(node * vocab, (node + 1) * vocab);
      probabilities = sampler.probabilities(
        logits,
        node === 0 ? history : [...history, ...ancestors(tree, node)],
      );
      cache.set(node, probabilities);
    }
    return probabilities;
  };
}

/** Tokens of the strict descendants of the root on the way to `node`, root excluded, in order. */
function ancestors(tree: DraftTree, node: number): number[] {
  const tokens: number[] = [];
  for (let current = node; current > 0; current = tree.parents[current] as number) {
    tokens.unshift(tree.tokens[current] as number);
  }
  return tokens;
}
