import { referenceDraftHeadForward } from '@confu/model-builder/testing';
import type { ConfuHeadWeights, Eagle3HeadWeights } from '@confu/checkpoint';
import { futureTokenEmbedding } from '../../confu/index.js';
import type { DraftTree } from '@confu/core';

interface Query {
  readonly hidden: Float64Array | Float32Array;
  readonly logits: Float32Array;
}

interface Past {
  readonly keys: Float32Array;
  readonly values: Float32Array;
}

const join = (a: Float32Array, b: Float32Array): Float32Array => {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};

function logSoftmax(logits: Float32Array): Float64Array {
  let max = -Infinity;
  for (const value of logits) max = Math.max(max, value);
  let sum = 0;
  for (const value of logits) sum += Math.exp(value - max);
  const norm = max + Math.log(sum);
  return Float64Array.from(logits, (value) => value - norm);
}

/** Per node: the reference cumulative log-probability, and its rank among its parent's candidates. */
export interface ReferenceNode {
  readonly score: number;
  /** How many draft ids the reference ranks strictly above this node's token at its parent. */
  readonly rank: number;
}

/**
 * Recomputes every tree node's score with the pure-TS head, one token at a time along each branch:
 * catch-up over all committed positions (fresh, causal), optionally ConFu's `[f]` slot, then for a
 * node at depth d a single-row pass of each ancestor (its parent's output as feature, position
 * n + depth − 1, past = stable (+ [f]) + the ancestors' rows).
 */
export function referenceTreeScores(
  head: Eagle3HeadWeights,
  embedding: Float32Array,
  committed: { readonly tokens: readonly number[]; readonly taps: Float32Array; readonly future?: Float32Array },
  tree: DraftTree,
): ReferenceNode[] {
  const { hiddenSize: h, draftVocabSize: Vd } = head.config;
  const n = committed.tokens.length - 1;
  const catchUp = referenceDraftHeadForward(head, embedding, {
    tokens: committed.tokens.slice(1),
    taps: committed.taps,
    positions: Array.from({ length: n }, (_, i) => i),
    mask: Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, t) => t <= r)),
  });
  let base: Past = { keys: catchUp.newKeys, values: catchUp.newValues };
  let start: Query = { hidden: catchUp.hiddenOut.slice((n - 1) * h), logits: catchUp.logits.slice((n - 1) * Vd) };
  if (committed.future) {
    const taps = join(committed.taps.slice((n - 1) * 3 * h), committed.future);
    const both = referenceDraftHeadForward(head, embedding, {
      tokens: [committed.tokens[n] as number],
      tokenEmbeds: futureTokenEmbedding(head as ConfuHeadWeights, Float32Array.from(start.hidden)),
      taps,
      positions: [n - 1, n],
      mask: [
        Array.from({ length: n + 2 }, (_, t) => t !== n - 1),
        Array.from({ length: n + 2 }, (_, t) => t !== n),
      ],
      past: base,
    });
    const kv = both.newKeys.length / 2;
    base = { keys: join(base.keys, both.newKeys.slice(kv)), values: join(base.values, both.newValues.slice(kv)) };
    start = { hidden: both.hiddenOut.slice(0, h), logits: both.logits.slice(0, Vd) };
  }
  const draftIdOf = new Map<number, number>();
  head.d2t.forEach((offset, id) => draftIdOf.set(id + Number(offset), id));
  // Output of running node j as a frontier row, and the K/V rows of its path.
  const runs = new Map<number, { query: Query; past: Past }>();
  const runNode = (node: number): { query: Query; past: Past } => {
    if (node === 0) return { query: start, past: base };
    const known = runs.get(node);
    if (known) return known;
    const parent = runNode(tree.parents[node] as number);
    let depth = 0;
    for (let i = node; i > 0; i = tree.parents[i] as number) depth++;
    const rows = parent.past.keys.length / (head.config.numKvHeads * head.config.headDim);
    const out = referenceDraftHeadForward(head, embedding, {
      tokens: [tree.tokens[node] as number],
      hidden: Float32Array.from(parent.query.hidden),
      positions: [n + depth - 1],
      mask: [Array.from({ length: rows + 1 }, () => true)],
      past: parent.past,
    });
    const result = {
      query: { hidden: out.hiddenOut, logits: out.logits },
      past: { keys: join(parent.past.keys, out.newKeys), values: join(parent.past.values, out.newValues) },
    };
    runs.set(node, result);
    return result;
  };
  const scores: ReferenceNode[] = [{ score: 0, rank: 0 }];
  for (let node = 1; node < tree.tokens.length; node++) {
    const parent = tree.parents[node] as number;
    const logp = logSoftmax(runNode(parent).query.logits);
    const id = draftIdOf.get(tree.tokens[node] as number);
    if (id === undefined) throw new Error(`token ${tree.tokens[node]} is not in the draft vocabulary`);
    const value = logp[id] as number;
    scores.push({
      score: (scores[parent] as ReferenceNode).score + value,
      rank: logp.reduce((count, other) => count + (other > value + 1e-6 ? 1 : 0), 0),
    });
  }
  return scores;
}
