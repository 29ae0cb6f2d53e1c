import type { ChainAcceptResult } from './accept-sampled-chain.js';
import type { AcceptanceTree, AcceptResult } from '../acceptance-tree.js';
import type { RandomSource } from '../../random-source.js';
import { sampleFromDistribution } from '../../sample-from-distribution.js';
import { prefixKey, type ToyModel } from './toy-model.js';

export type TreeRule = (
  tree: AcceptanceTree,
  targetProbabilities: (node: number) => Float32Array,
  random: RandomSource,
) => AcceptResult;

export type ChainRule = (
  draftTokens: readonly number[],
  draftProbabilities: readonly Float32Array[],
  targetProbabilities: readonly Float32Array[],
  random: RandomSource,
) => ChainAcceptResult;

/** What happened over a run, to show that every branch of the rule was exercised. */
export interface Coverage {
  rounds: number;
  /** Rounds per number of accepted draft tokens. */
  acceptedHistogram: number[];
  /** Rounds whose walk stopped at a node with children (the bonus came from a residual). */
  residualBonuses: number;
  /** Draft tokens proposed although the target gives them zero probability. */
  zeroMassDrafts: number;
}

export function emptyCoverage(): Coverage {
  return { rounds: 0, acceptedHistogram: [], residualBonuses: 0, zeroMassDrafts: 0 };
}

/** A draft tree and the token prefix each node stands for (the prefix ends with the node). */
export interface ToyTree extends AcceptanceTree {
  readonly prefixes: readonly (readonly number[])[];
}

/**
 * The drafter's deterministic tree: the top-`branching` tokens of `q` under every node, `depth`
 * levels deep, scored by cumulative log q. Siblings are stored least likely first, so tree order
 * differs from score order.
 */
export function buildTopTree(drafter: ToyModel, sequence: readonly number[], branching: number, depth: number): ToyTree {
  const tokens = [sequence[sequence.length - 1] as number];
  const parents = [-1];
  const scores = [0];
  const prefixes: (readonly number[])[] = [[...sequence]];
  let frontier = [0];
  for (let level = 0; level < depth; level++) {
    const next: number[] = [];
    for (const node of frontier) {
      const q = drafter.probabilities(prefixes[node] as number[]);
      const top = Array.from(q.keys())
        .sort((a, b) => (q[b] as number) - (q[a] as number) || a - b)
        .slice(0, branching)
        .reverse();
      for (const token of top) {
        next.push(tokens.length);
        tokens.push(token);
        parents.push(node);
        scores.push((scores[node] as number) + Math.log(q[token] as number));
        prefixes.push([...(prefixes[node] as number[]), token]);
      }
    }
    frontier = next;
  }
  return { tokens, parents, scores, prefixes };
}

/** What to generate: `newTokens` tokens after `prompt`, from `target`, drafted by `drafter`. */
export interface Generation {
  readonly target: ToyModel;
  readonly drafter: ToyModel;
  readonly prompt: readonly number[];
  readonly newTokens: number;
}

/** Speculative generation of exactly `newTokens` tokens with a depth-2, top-2 tree per round. */
export function generateWithTree(
  { target, drafter, prompt, newTokens }: Generation,
  random: RandomSource,
  rule: TreeRule,
  coverage: Coverage,
): number[] {
  const sequence = [...prompt];
  while (sequence.length < prompt.length + newTokens) {
    const { tree, probabilitiesAt, zeroMassDrafts } = roundSetup(target, drafter, sequence);
    const { path, bonusToken } = rule(tree, probabilitiesAt, random);
    const last = path[path.length - 1] as number;
    record(coverage, path.length - 1, tree.parents.includes(last));
    coverage.zeroMassDrafts += zeroMassDrafts;
    for (const node of path.slice(1)) sequence.push(tree.tokens[node] as number);
    sequence.push(bonusToken);
  }
  return sequence.slice(prompt.length, prompt.length + newTokens);
}

interface TreeRound {
  readonly tree: ToyTree;
  readonly probabilitiesAt: (node: number) => Float32Array;
  readonly zeroMassDrafts: number;
}

// The tree is a pure function of the models and the sequence; caching it keeps 10⁵ runs fast.
const rounds = new WeakMap<ToyModel, WeakMap<ToyModel, Map<number, TreeRound>>>();

function roundSetup(target: ToyModel, drafter: ToyModel, sequence: readonly number[]): TreeRound {
  let byDrafter = rounds.get(target);
  if (byDrafter === undefined) rounds.set(target, (byDrafter = new WeakMap()));
  let bySequence = byDrafter.get(drafter);
  if (bySequence === undefined) byDrafter.set(drafter, (bySequence = new Map()));
  const key = prefixKey(sequence, target.vocabSize);
  let round = bySequence.get(key);
  if (round === undefined) {
    const tree = buildTopTree(drafter, sequence, 2, 2);
    const probabilitiesAt = (node: number) => target.probabilities(tree.prefixes[node] as number[]);
    let zeroMassDrafts = 0;
    for (let node = 1; node < tree.tokens.length; node++) {
      const p = probabilitiesAt(tree.parents[node] as number);
      if (p[tree.tokens[node] as number] === 0) zeroMassDrafts++;
    }
    round = { tree, probabilitiesAt, zeroMassDrafts };
    bySequence.set(key, round);
  }
  return round;
}

/** Speculative generation of exactly `newTokens` tokens with γ = 3 tokens sampled from q per round. */
export function generateWithChain(
  { target, drafter, prompt, newTokens }: Generation,
  random: RandomSource,
  rule: ChainRule,
  coverage: Coverage,
): number[] {
  const gamma = 3;
  const sequence = [...prompt];
  while (sequence.length < prompt.length + newTokens) {
    const drafts: number[] = [];
    const draftProbabilities: Float32Array[] = [];
    const targetProbabilities: Float32Array[] = [];
    let prefix = sequence;
    for (let i = 0; i < gamma; i++) {
      const q = drafter.probabilities(prefix);
      const p = target.probabilities(prefix);
      const token = sampleFromDistribution(q, random);
      if (p[token] === 0) coverage.zeroMassDrafts++;
      drafts.push(token);
      draftProbabilities.push(q);
      targetProbabilities.push(p);
      prefix = [...prefix, token];
    }
    targetProbabilities.push(target.probabilities(prefix));
    const { accepted, bonusToken } = rule(drafts, draftProbabilities, targetProbabilities, random);
    record(coverage, accepted, accepted < gamma);
    sequence.push(...drafts.slice(0, accepted), bonusToken);
  }
  return sequence.slice(prompt.length, prompt.length + newTokens);
}

function record(coverage: Coverage, accepted: number, residualBonus: boolean): void {
  coverage.rounds++;
  coverage.acceptedHistogram[accepted] = (coverage.acceptedHistogram[accepted] ?? 0) + 1;
  if (residualBonus) coverage.residualBonuses++;
}
