import { createTensor } from '@confu/runtime';
import type { TrainingRecord } from '../data/training-record.js';
import { eagle3BatchFeeds } from '../eagle3/eagle3-batch.js';
import type { Eagle3Batch } from '../eagle3/eagle3-batch.js';
import type { SeededRandom } from '@confu/sampler';
import { confuTttInputs as inputs } from './confu-ttt-shape.js';
import type { ConfuTttShape } from './confu-ttt-shape.js';

/** How anchors are placed. */
export interface AnchorOptions {
  /** Future prediction replication `l` ≥ 1: rows a … a + l − 1 share anchor a's future. */
  readonly replication: number;
  /**
   * The `[con]` router reads the taps of row a − 1 − u, u uniform in 0 … `routerLag` (default 0).
   * At inference it reads the previous round's last committed position, u = the depth of the last
   * accepted node behind it.
   */
  readonly routerLag?: number;
  /** Draws the anchors and lags (the trainer's seeded source, so runs repeat). */
  readonly random: SeededRandom;
}

/** A ConFu batch: the EAGLE-3 feeds plus the anchor inputs, and what was sampled. */
export interface ConfuBatch extends Eagle3Batch {
  /** Per sequence, its active anchors (ascending rows). */
  readonly anchors: readonly (readonly number[])[];
  /** Loss rows (chain roots) that see a future, over the batch. */
  readonly covered: number;
}

/** `count` distinct integers of `[0, range)` in ascending order (all of them when range ≤ count). */
function sampleRows(range: number, count: number, random: SeededRandom): number[] {
  if (range <= count) return Array.from({ length: range }, (_, row) => row);
  const picked = new Set<number>();
  while (picked.size < count) picked.add(random.integer(range));
  return [...picked].sort((a, b) => a - b);
}

/**
 * Assembles a ConFu batch (confu-spec.md §7.8): {@link eagle3BatchFeeds} plus, per sequence, `K`
 * anchors sampled uniformly without replacement among its data rows (anchor token sampling) and
 * the masks of future prediction replication: draft row i uses the latest anchor a ≤ i with
 * i − a < l, and rows without one are left out of the loss. Sequences with fewer rows than `K` use
 * all their rows; unused anchor slots (and padded sequences) are inert: position 1, seeing token 0,
 * seen by no row.
 */
export function confuBatchFeeds(
  records: readonly TrainingRecord[],
  shape: ConfuTttShape,
  toDraft: Int32Array,
  { replication, routerLag = 0, random }: AnchorOptions,
): ConfuBatch {
  const { batch: B, seq: S, anchors: K } = shape;
  const anchors = records.map((record) =>
    sampleRows(Math.min(record.tokens.length - 1, S), K, random),
  );
  const assigned = new Int32Array(B * S).fill(-1);
  anchors.forEach((rows, b) => {
    rows.forEach((a, k) => {
      for (let i = a; i < Math.min(S, a + replication); i++) assigned[b * S + i] = k;
    });
  });
  let covered = 0;
  const base = eagle3BatchFeeds(
    records,
    shape,
    toDraft,
    (b, row) => (assigned[b * S + row] as number) >= 0,
  );
  const targetIds = new BigInt64Array(B * S);
  const anchorRows = new BigInt64Array(B * K);
  const routerRows = new BigInt64Array(B * K);
  const positions = new BigInt64Array(B * K).fill(1n);
  const anchorMask = new Float32Array(B * K * S).fill(-1e9);
  const futureMask = new Float32Array(B * S * K).fill(-1e9);
  const nextRows = new BigInt64Array(B * K);
  for (let b = 0; b < B; b++) {
    const record = records[b];
    if (record) {
      const n = Math.min(record.tokens.length, S);
      for (let i = 0; i < n; i++) targetIds[b * S + i] = BigInt(record.tokens[i] as number);
    }
    const rows = anchors[b] ?? [];
    for (let k = 0; k < K; k++) {
      const a = rows[k] ?? 0;
      anchorRows[b * K + k] = BigInt(b * S + a);
      const lag = 1 + (routerLag > 0 && rows[k] !== undefined ? random.integer(routerLag + 1) : 0);
      routerRows[b * K + k] = BigInt(b * S + Math.max(a - lag, 0));
      positions[b * K + k] = BigInt(a + 1);
      nextRows[b * K + k] = BigInt(b * S + Math.min(a + 1, S - 1));
      anchorMask.fill(0, (b * K + k) * S, (b * K + k) * S + a + 1);
    }
    for (let i = 0; i < S; i++) {
      const k = assigned[b * S + i] as number;
      if (k < 0) continue;
      futureMask[(b * S + i) * K + k] = 0;
      covered++;
    }
  }
  return {
    ...base,
    feeds: {
      ...base.feeds,
      [inputs.targetIds]: createTensor('int64', targetIds, [B, S]),
      [inputs.anchorRows]: createTensor('int64', anchorRows, [B * K]),
      [inputs.routerRows]: createTensor('int64', routerRows, [B * K]),
      [inputs.anchorPositions]: createTensor('int64', positions, [B, K]),
      [inputs.anchorMask]: createTensor('float32', anchorMask, [B, K, S]),
      [inputs.futureMask]: createTensor('float32', futureMask, [B, S, K]),
      ...(shape.future === 'next-taps'
        ? { [inputs.nextRows]: createTensor('int64', nextRows, [B * K]) }
        : {}),
    },
    anchors,
    covered,
  };
}
