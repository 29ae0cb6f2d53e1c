import type { DraftSession, DraftTree, KvCache, TargetFeatures } from '@confu/core';
import { argmaxRow } from './random-target.js';
import type { TestTarget } from './random-target.js';

/** Root → node path of a tree. */
export function pathTo(tree: DraftTree, node: number): number[] {
  const path: number[] = [];
  for (let at = node; at >= 0; at = tree.parents[at] as number) path.unshift(at);
  return path;
}

/** Rows concatenated end to end. */
export function concatRows(rows: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(rows.reduce((total, row) => total + row.length, 0));
  let offset = 0;
  for (const row of rows) {
    out.set(row, offset);
    offset += row.length;
  }
  return out;
}

/** What a round needs: the session, the committed tokens (root last) and taps so far, the target cache. */
export interface RoundState {
  readonly session: DraftSession;
  readonly state: { tokens: number[]; taps: Float32Array[] };
  readonly cache: KvCache;
  /**
   * `greedy` commits what greedy verification accepts; `deepest` forces the deepest branch (the
   * drafter cannot tell), so that catch-up sees several new positions per round.
   */
  readonly accept?: 'greedy' | 'deepest';
  /** ConFu stand-in for the contemplate output: derived from the committed path's taps. */
  readonly future?: (taps: Float32Array) => Float32Array;
}

/**
 * Features carrying `future` as the taps of one plan row attached to pass row `row` (the last
 * accepted node, or the last prompt row after the prefill), as the verifier returns them.
 */
export function withFuture(
  features: TargetFeatures,
  future: Float32Array | undefined,
  row: number,
): TargetFeatures {
  return future ? { ...features, planTaps: future, planRows: [row] } : features;
}

/** One speculative round: draft, verify the tree with the target, commit a path, observe it. */
export async function speculativeRound(target: TestTarget, round: RoundState): Promise<DraftTree> {
  const { session, state, cache } = round;
  const drafted = await session.draft();
  const V = target.weights.config.vocabSize;
  const result = await target.lm.forward(cache, { tokens: drafted.tokens, parents: drafted.parents, taps: true });
  let path = [0];
  if (round.accept === 'deepest') {
    const lengths = drafted.tokens.map((_, node) => pathTo(drafted, node).length);
    path = pathTo(drafted, lengths.indexOf(Math.max(...lengths)));
  } else {
    for (;;) {
      const at = path[path.length - 1] as number;
      const best = argmaxRow(result.logits, at, V);
      const child = drafted.parents.findIndex((parent, node) => parent === at && drafted.tokens[node] === best);
      if (child < 0) break;
      path.push(child);
    }
  }
  const next = argmaxRow(result.logits, path[path.length - 1] as number, V);
  target.lm.commit(cache, result, path);
  const width = 3 * target.weights.config.hiddenSize;
  const taps = path.map((node) => (result.hiddenTaps as Float32Array).slice(node * width, (node + 1) * width));
  state.tokens.splice(state.tokens.length - 1, 1, ...path.map((node) => drafted.tokens[node] as number), next);
  state.taps.push(...taps);
  const fresh = concatRows(taps);
  await session.observe(
    state.tokens,
    withFuture({ taps: fresh, path }, round.future?.(fresh), path.at(-1) as number),
  );
  return drafted;
}

/** Plain greedy decoding: `prompt` plus `count` tokens. */
export async function greedyTokens(target: TestTarget, prompt: readonly number[], count: number): Promise<number[]> {
  const V = target.weights.config.vocabSize;
  const tokens = [...prompt];
  const cache = target.lm.createCache();
  let result = await target.lm.forward(cache, { tokens: prompt });
  while (tokens.length < prompt.length + count) {
    target.lm.commit(cache, result);
    const next = argmaxRow(result.logits, result.logits.length / V - 1, V);
    tokens.push(next);
    result = await target.lm.forward(cache, { tokens: [next] });
  }
  return tokens;
}
