import { assertArgument } from '@confu/errors';
import { createTensor } from '@confu/runtime';
import type { TrainingRecord } from '../data/training-record.js';
import type { BatchFeeds } from '../training-step.js';
import { ignoredLabel, lmInputs } from './lm-shape.js';

/** Documents concatenated into one token stream and cut into sequences of `seq` + 1 tokens. */
export interface PackedTokens {
  /** The whole stream. */
  readonly tokens: Int32Array;
  readonly seq: number;
  /** Sequence `i` is `tokens[i·seq … i·seq + seq]` (inputs and, shifted by one, labels). */
  readonly sequences: number;
}

/**
 * Packs documents (each already `BOS … EOS`) back to back, GPT-style: sequences start anywhere
 * in a document and may span several; attention is causal over the whole sequence. With
 * `partial`, a final shorter sequence keeps the tail (its missing rows are ignored), so
 * evaluation scores every token; otherwise the tail is dropped.
 */
export function packDocuments(
  documents: readonly ArrayLike<number>[],
  seq: number,
  { partial = false }: { readonly partial?: boolean } = {},
): PackedTokens {
  const length = documents.reduce((sum, document) => sum + document.length, 0);
  const tokens = new Int32Array(length);
  let offset = 0;
  for (const document of documents) {
    tokens.set(document, offset);
    offset += document.length;
  }
  const sequences = partial ? Math.ceil((length - 1) / seq) : Math.floor((length - 1) / seq);
  assertArgument(sequences >= 1, `${length} tokens do not fill one sequence of ${seq} + 1`);
  return { tokens, seq, sequences };
}

/**
 * `lm.input_ids` / `lm.labels` `[B, S]` of packed sequences `indices`; rows past the stream's end,
 * and whole rows when fewer than `batch` indices are given, are ignored (label −100).
 */
export function lmTokenBatch(
  packed: PackedTokens,
  indices: readonly number[],
  batch: number,
): { feeds: BatchFeeds; rows: number } {
  const { tokens, seq: S } = packed;
  const ids = new BigInt64Array(batch * S);
  const labels = new BigInt64Array(batch * S).fill(BigInt(ignoredLabel));
  let rows = 0;
  indices.forEach((sequence, b) => {
    const start = sequence * S;
    for (let i = 0; i < S && start + i + 1 < tokens.length; i++) {
      ids[b * S + i] = BigInt(tokens[start + i] as number);
      labels[b * S + i] = BigInt(tokens[start + i + 1] as number);
      rows++;
    }
  });
  return {
    feeds: {
      [lmInputs.inputIds]: createTensor('int64', ids, [batch, S]),
      [lmInputs.labels]: createTensor('int64', labels, [batch, S]),
    },
    rows,
  };
}

/**
 * Distillation feeds of `records` (one per batch row, truncated to `seq` rows): row `i` of a
 * record predicts `tokens[i + 1]` with target `teacherWeight · p_teacher(· | tokens[0..i]) +
 * (1 − teacherWeight) · onehot(tokens[i + 1])` (top-k teacher rows renormalised over their ids);
 * rows without a next token weigh 0, the others 1 / (rows in the batch).
 * @throws ConfuError `INVALID_ARGUMENT` for a teacher of another vocabulary size.
 */
export function lmRecordBatch(
  records: readonly TrainingRecord[],
  shape: { readonly batch: number; readonly seq: number; readonly vocabSize: number },
  teacherWeight: number,
): { feeds: BatchFeeds; rows: number } {
  const { batch: B, seq: S, vocabSize: V } = shape;
  const ids = new BigInt64Array(B * S);
  const probs = new Float32Array(B * S * V);
  const weights = new Float32Array(B * S);
  let rows = 0;
  records.forEach((record, b) => {
    const { target } = record;
    assertArgument(
      target.kind === 'top-k' || target.vocabSize === V,
      `record ${record.index}: teacher vocabulary ${target.kind === 'full' ? target.vocabSize : '?'} ≠ model vocabulary ${V}`,
    );
    const n = Math.min(S, record.tokens.length - 1);
    for (let i = 0; i < S && i < record.tokens.length; i++) {
      ids[b * S + i] = BigInt(record.tokens[i] as number);
    }
    for (let i = 0; i < n; i++) {
      const row = probs.subarray((b * S + i) * V, (b * S + i + 1) * V);
      teacherRow(target, i, row, teacherWeight);
      const next = record.tokens[i + 1] as number;
      row[next] = (row[next] as number) + 1 - teacherWeight;
      weights[b * S + i] = 1;
      rows++;
    }
  });
  for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) / Math.max(1, rows);
  return {
    feeds: {
      [lmInputs.inputIds]: createTensor('int64', ids, [B, S]),
      [lmInputs.targetProbs]: createTensor('float32', probs, [B * S, V]),
      [lmInputs.rowWeights]: createTensor('float32', weights, [B * S]),
    },
    rows,
  };
}

function teacherRow(
  target: TrainingRecord['target'],
  row: number,
  out: Float32Array,
  weight: number,
): void {
  if (weight === 0) return;
  if (target.kind === 'full') {
    const V = target.vocabSize;
    for (let v = 0; v < V; v++) out[v] = weight * Math.exp(target.logProbs[row * V + v] as number);
    return;
  }
  const { k } = target;
  let kept = 0;
  for (let j = 0; j < k; j++) kept += Math.exp(target.logProbs[row * k + j] as number);
  for (let j = 0; j < k; j++) {
    const id = target.ids[row * k + j] as number;
    out[id] =
      (out[id] as number) + (weight * Math.exp(target.logProbs[row * k + j] as number)) / kept;
  }
}
