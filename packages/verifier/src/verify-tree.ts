import type { DraftTree } from '@confu/draft';
import type { CausalLm, ForwardResult } from '@confu/model';
import type { KvCache } from '@confu/runtime';
import { acceptGreedy, acceptStochastic, argmax } from '@confu/sampler';
import type { RandomSource, Sampler } from '@confu/sampler';
import { runTargetPass } from './run-target-pass.js';
import type { ContemplateOptions } from './run-target-pass.js';

/** Options of {@link verifyTree}. */
export interface VerifyTreeOptions {
  readonly lm: CausalLm;
  /** The committed target cache; the accepted path is appended to it. */
  readonly cache: KvCache;
  readonly tree: DraftTree;
  /** The same sampler plain decoding uses: its processed distribution is the one preserved. */
  readonly sampler: Sampler;
  /** Random source of the acceptance tests (stochastic mode). */
  readonly random: RandomSource;
  /** Tokens committed so far plus the root: the history for repetition penalties. */
  readonly history: readonly number[];
  /** Fetch `hidden_taps` of the accepted path (EAGLE-3, ConFu). */
  readonly taps?: boolean;
  /** Attach ConFu contemplate tokens. */
  readonly contemplate?: ContemplateOptions;
  readonly signal?: AbortSignal;
}

/** Outcome of one verification round. */
export interface VerifyTreeResult {
  /** Accepted tree nodes, root first. */
  readonly path: readonly number[];
  /** Tokens of the accepted nodes after the root. */
  readonly acceptedTokens: readonly number[];
  /** Sampled from the target at the last accepted node: the next root. */
  readonly bonusToken: number;
  /** `[path.length, tapWidth]` taps of the newly committed positions (when requested). */
  readonly taps?: Float32Array;
  /** ConFu: taps of the last accepted node's contemplate token. */
  readonly future?: Float32Array;
}

/**
 * Verifies a draft tree with one target pass (positions = committed + depth, tree mask), accepts
 * the longest path the target agrees with — greedy or by recursive rejection sampling over
 * siblings, exact for the sampler's processed distribution — and commits that path's K/V rows.
 */
export async function verifyTree(options: VerifyTreeOptions): Promise<VerifyTreeResult> {
  const { lm, cache, tree, sampler, random, history } = options;
  const vocab = lm.info.vocabSize;
  const result = await runTargetPass(lm, cache, {
    tree,
    taps: options.taps === true,
    ...(options.contemplate ? { contemplate: options.contemplate } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const distribution = nodeDistributions(result, tree, history, sampler, vocab);
  const accepted = sampler.greedy
    ? acceptGreedy(tree, (node) => argmax(distribution(node)))
    : acceptStochastic(tree, distribution, random);
  const path = accepted.path;
  lm.commit(cache, result, path);
  const width = lm.info.numTaps * lm.info.hiddenSize;
  const taps = result.hiddenTaps;
  return {
    path,
    acceptedTokens: path.slice(1).map((node) => tree.tokens[node] as number),
    bonusToken: accepted.bonusToken,
    ...(taps ? { taps: gatherRows(taps, path, width) } : {}),
    ...(taps && options.contemplate
      ? { future: gatherRows(taps, [tree.tokens.length + (path.at(-1) as number)], width) }
      : {}),
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

function gatherRows(source: Float32Array, rows: readonly number[], width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, index) =>
    out.set(source.subarray(row * width, (row + 1) * width), index * width),
  );
  return out;
}
