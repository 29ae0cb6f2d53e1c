import type { DraftTree, TreeOptions } from '@confu/core';
import type { RoundOutcome, TreePolicy } from './tree-policy.js';

/** Options of {@link autoTreePolicy}. */
export interface AutoTreePolicyOptions {
  /** Milliseconds of a target pass by rows (see `measureVerifyCost`). */
  readonly verifyMs: (rows: number) => number;
  /** Children per expanded node. Default 4. */
  readonly topK?: number;
  /** Expansion steps tried: 1 … maxDepth. Default 8. */
  readonly maxDepth?: number;
  /** Expansion steps of the first round. Default 3. */
  readonly initialDepth?: number;
  /** Most draft nodes verified per round. Default 32. */
  readonly maxNodes?: number;
}

/** Where a policy stands: what it chooses and what it has learnt. */
export interface AutoTreeState {
  readonly depth: number;
  /** Mean verified nodes (root excluded) and drafted depth over the rounds so far. */
  readonly meanNodes: number;
  readonly meanDepth: number;
  readonly rounds: number;
}

const buckets = 20;
const smoothing = 0.2;

/**
 * The tree budget chosen from measured cost (no fixed EAGLE-2 budget): every round it drafts a
 * pool of depth `d`, verifies the prefix-closed set of its best nodes that maximises expected
 * tokens per millisecond — expected tokens from the drafter's node scores, calibrated on the
 * acceptances seen so far; cost from the verify-cost curve, the measured draft time per depth and
 * the rest of the round — and moves `d` up or down when a neighbouring depth promises more.
 */
export function autoTreePolicy(options: AutoTreePolicyOptions): TreePolicy & {
  state(): AutoTreeState;
} {
  const topK = options.topK ?? 4;
  const maxDepth = options.maxDepth ?? 8;
  const maxNodes = options.maxNodes ?? 32;
  let depth = Math.min(maxDepth, options.initialDepth ?? 3);
  const accepted = new Float64Array(buckets);
  const verified = new Float64Array(buckets);
  const draftMs = new Map<number, number>();
  let otherMs = 0;
  let extraRatio = 0;
  let extraMax = 0;
  // Smoothed value of a neighbouring depth relative to the current one.
  let up = 1;
  let down = 1;
  let rounds = 0;
  // Drafters without node scores (n-gram lookup) keep their own shape.
  let scored = true;
  let nodeSum = 0;
  let depthSum = 0;

  const bucket = (score: number): number =>
    Math.min(buckets - 1, Math.floor(Math.exp(score) * buckets));
  // Acceptance probability of a node of cumulative draft log-probability `score`: the node's own
  // confidence, corrected by what nodes of that confidence actually did.
  const probability = (score: number): number => {
    const b = bucket(score);
    return ((accepted[b] as number) + 2 * Math.exp(score)) / ((verified[b] as number) + 2);
  };
  const draftCost = (d: number): number => {
    const known = draftMs.get(d);
    if (known !== undefined) return known;
    const measured = [...draftMs.entries()];
    if (measured.length === 0) return 0;
    const [d0, ms0] = measured.reduce((best, entry) =>
      Math.abs(entry[0] - d) < Math.abs(best[0] - d) ? entry : best,
    );
    // A round drafts with d + 1 head steps (catch-up aside).
    return (ms0 * (d + 1)) / (d0 + 1);
  };
  const rowsFor = (nodes: number): number =>
    1 + nodes + Math.min(Math.round((1 + nodes) * extraRatio), extraMax || Infinity);
  const value = (expected: number, nodes: number, d: number): number =>
    (1 + expected) / Math.max(1e-6, draftCost(d) + options.verifyMs(rowsFor(nodes)) + otherMs);

  /** Nodes by score, best first (parents before children); their depths. */
  const ranked = (tree: DraftTree): { order: number[]; depths: number[] } => {
    const depths: number[] = [];
    tree.parents.forEach((parent, node) =>
      depths.push(parent < 0 ? 0 : (depths[parent] as number) + 1),
    );
    const scores = tree.scores as readonly number[];
    const order = tree.tokens
      .map((_, node) => node)
      .slice(1)
      .sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
    return { order, depths };
  };

  /** The best prefix of `order` (count) under depth `d`'s costs; returns count and its value. */
  const bestPrefix = (
    order: readonly number[],
    scores: readonly number[],
    d: number,
  ): { count: number; value: number; expected: number } => {
    let best = { count: 0, value: value(0, 0, d), expected: 0 };
    let expected = 0;
    order.slice(0, maxNodes).forEach((node, index) => {
      expected += probability(scores[node] as number);
      const candidate = value(expected, index + 1, d);
      if (candidate > best.value) best = { count: index + 1, value: candidate, expected };
    });
    return best;
  };

  return {
    next(): TreeOptions | undefined {
      if (!scored) return undefined;
      const totalTokens = Math.min(1 + topK + depth * topK * topK, 1 + maxNodes);
      return { depth, topK, totalTokens };
    },

    select(drafted) {
      if (!drafted.scores) scored = false;
      if (!drafted.scores || drafted.tokens.length <= 1) return drafted;
      const { order } = ranked(drafted);
      const { count } = bestPrefix(order, drafted.scores, depth);
      const keep = new Set(order.slice(0, count));
      const index = new Map<number, number>([[0, 0]]);
      const tokens = [drafted.tokens[0] as number];
      const parents = [-1];
      const scores = [0];
      drafted.tokens.forEach((token, node) => {
        if (!keep.has(node)) return;
        index.set(node, tokens.length);
        tokens.push(token);
        parents.push(index.get(drafted.parents[node] as number) as number);
        scores.push(drafted.scores?.[node] as number);
      });
      return { tokens, parents, scores };
    },

    update(outcome: RoundOutcome) {
      const { tree, path } = outcome;
      rounds++;
      const nodes = tree.tokens.length - 1;
      nodeSum += nodes;
      depthSum += depth;
      const onPath = new Set(path);
      tree.scores?.forEach((score, node) => {
        if (node === 0) return;
        const b = bucket(score);
        verified[b] = (verified[b] as number) + 1;
        if (onPath.has(node)) accepted[b] = (accepted[b] as number) + 1;
      });
      const ema = (old: number | undefined, sample: number): number =>
        old === undefined ? sample : old + smoothing * (sample - old);
      draftMs.set(depth, ema(draftMs.get(depth), outcome.draftMs));
      otherMs = rounds === 1 ? outcome.otherMs : ema(otherMs, outcome.otherMs);
      if (nodes > 0) {
        extraRatio = ema(rounds === 1 ? undefined : extraRatio, outcome.planRows / (1 + nodes));
        extraMax = Math.max(extraMax, outcome.planRows);
      }
      if (!tree.scores || nodes === 0) return;
      // What one step less, or one more, would have given on this round's tree.
      const { order, depths } = ranked(tree);
      const scores = tree.scores;
      const current = bestPrefix(order, scores, depth).value;
      const shallower = order.filter((node) => (depths[node] as number) <= depth);
      const deepest = order.filter((node) => depths[node] === depth + 1);
      const previous = order.filter((node) => depths[node] === depth);
      const gain = (list: readonly number[]): number =>
        list.reduce((sum, node) => sum + probability(scores[node] as number), 0);
      const decay = gain(previous) > 0 ? Math.min(1, gain(deepest) / gain(previous)) : 0;
      const extra = gain(deepest) * decay;
      const best = bestPrefix(order, scores, depth);
      const deeper = value(best.expected + extra, best.count + deepest.length, depth + 1);
      const lower = depth > 1 ? bestPrefix(shallower, scores, depth - 1).value : 0;
      up = up + smoothing * (deeper / current - up);
      down = down + smoothing * (lower / current - down);
      if (up > 1.02 && depth < maxDepth) {
        depth++;
        up = down = 1;
      } else if (down > 1.02 && depth > 1) {
        depth--;
        up = down = 1;
      }
    },

    state: () => ({
      depth,
      meanNodes: rounds > 0 ? nodeSum / rounds : 0,
      meanDepth: rounds > 0 ? depthSum / rounds : depth,
      rounds,
    }),
  };
}
