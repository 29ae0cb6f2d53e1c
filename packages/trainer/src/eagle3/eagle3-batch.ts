import { ConfuError } from '@confu/errors';
import { createTensor } from '@confu/runtime';
import type { TrainingRecord } from '../data/training-record.js';
import type { BatchFeeds } from '../training-step.js';
import { eagle3TttInputs as inputs } from './eagle3-ttt-shape.js';
import type { Eagle3TttShape } from './eagle3-ttt-shape.js';

/** What {@link eagle3BatchFeeds} reports besides the feeds. */
export interface Eagle3Batch {
  readonly feeds: BatchFeeds;
  /** Loss positions per unrolled step (rows whose target token is a response token, argmax in the draft vocabulary). */
  readonly positions: readonly number[];
  /** Feature rows that carry data (Σ min(n − 1, S) over the records). */
  readonly rows: number;
}

/** `[V]` draft id of each target id, −1 outside the draft vocabulary. */
export function targetToDraftIds(targetIds: Int32Array, vocabSize: number): Int32Array {
  const lookup = new Int32Array(vocabSize).fill(-1);
  targetIds.forEach((id, draftId) => {
    lookup[id] = draftId;
  });
  return lookup;
}

/**
 * Writes the target distribution of `record` at `row` restricted to the draft vocabulary and
 * renormalised into `out` (length Vd); returns whether the target's argmax is inside it.
 */
function restrictedTarget(
  record: TrainingRecord,
  row: number,
  toDraft: Int32Array,
  out: Float32Array,
): boolean {
  const target = record.target;
  let total = 0;
  let inside: boolean;
  if (target.kind === 'full') {
    const V = target.vocabSize;
    const logProbs = target.logProbs.subarray(row * V, (row + 1) * V);
    let best = 0;
    for (let id = 0; id < V; id++) {
      const logProb = logProbs[id] as number;
      if (logProb > (logProbs[best] as number)) best = id;
      const draftId = toDraft[id] as number;
      if (draftId < 0) continue;
      const probability = Math.exp(logProb);
      out[draftId] = probability;
      total += probability;
    }
    inside = (toDraft[best] as number) >= 0;
  } else {
    const { k } = target;
    for (let index = 0; index < k; index++) {
      const draftId = toDraft[target.ids[row * k + index] as number] as number;
      if (draftId < 0) continue;
      const probability = Math.exp(target.logProbs[row * k + index] as number);
      out[draftId] = probability;
      total += probability;
    }
    inside = (toDraft[target.ids[row * k] as number] as number) >= 0;
  }
  if (total > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / total;
  return inside && total > 0;
}

/**
 * Assembles one training-time-test batch from up to `B` records (confu-spec.md §4.4, §6): row i
 * gets the taps of position i, column c of the ids / targets token c + 1 / the target distribution
 * of token c + 2 (target row c + 1). Records longer than S + T rows are truncated; missing rows
 * and records are zero-padded with zero weight. The loss mask keeps response tokens
 * (index ≥ promptLength) whose target argmax lies in the draft vocabulary; each step's weights are
 * `decay^s / (masked rows of step s)`.
 * @param toDraft - from {@link targetToDraftIds}.
 * @param keep - further restricts the loss to the rows (chain roots) it accepts (ConFu: rows that
 * see a future).
 * @throws ConfuError `INVALID_ARGUMENT` for too many records or a tap width other than 3h.
 */
export function eagle3BatchFeeds(
  records: readonly TrainingRecord[],
  shape: Eagle3TttShape,
  toDraft: Int32Array,
  keep: (sequence: number, row: number) => boolean = () => true,
): Eagle3Batch {
  const { batch: B, seq: S, tttSteps: T, stepDecay } = shape;
  const { hiddenSize: h, draftVocabSize: Vd } = shape.head;
  const columns = S + T - 1;
  if (records.length > B) {
    throw new ConfuError('INVALID_ARGUMENT', `${records.length} records exceed the batch of ${B}`);
  }
  const taps = new Float32Array(B * S * 3 * h);
  const ids = new BigInt64Array(B * columns);
  const probs = new Float32Array(B * columns * Vd);
  const valid = new Uint8Array(B * columns);
  let rows = 0;
  records.forEach((record, b) => {
    if (record.tapWidth !== 3 * h) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `record ${record.index}: tap width ${record.tapWidth}, expected ${3 * h}`,
      );
    }
    const n = record.tokens.length;
    const used = Math.min(n, S);
    taps.set(record.taps.subarray(0, used * 3 * h), b * S * 3 * h);
    rows += Math.min(n - 1, S);
    for (let c = 0; c < columns && c + 1 < n; c++) {
      ids[b * columns + c] = BigInt(record.tokens[c + 1] as number);
      const out = probs.subarray((b * columns + c) * Vd, (b * columns + c + 1) * Vd);
      const inside = restrictedTarget(record, c + 1, toDraft, out);
      valid[b * columns + c] = inside && c + 2 >= record.promptLength ? 1 : 0;
    }
  });
  const weights = new Float32Array(T * B * S);
  const positions: number[] = [];
  for (let step = 0; step < T; step++) {
    let count = 0;
    for (let b = 0; b < B; b++)
      for (let i = 0; i < S; i++) if (valid[b * columns + i + step] && keep(b, i)) count++;
    positions.push(count);
    if (count === 0) continue;
    const weight = stepDecay ** step / count;
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < S; i++) {
        if (valid[b * columns + i + step] && keep(b, i)) weights[(step * B + b) * S + i] = weight;
      }
    }
  }
  return {
    feeds: {
      [inputs.taps]: createTensor('float32', taps, [B, S, 3 * h]),
      [inputs.inputIds]: createTensor('int64', ids, [B, columns]),
      [inputs.targetProbs]: createTensor('float32', probs, [B, columns, Vd]),
      [inputs.stepWeights]: createTensor('float32', weights, [T, B, S]),
    },
    positions,
    rows,
  };
}
