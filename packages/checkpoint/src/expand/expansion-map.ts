import { ConfuError } from '@confu/errors';
import type { ExpandShape } from './expand-shapes.js';

/** The original dimensions an expansion starts from (a decoder or a draft head's attention). */
export interface ExpandSource {
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly numKvHeads: number;
  readonly headDim: number;
  readonly intermediateSize: number;
  readonly vocabSize: number;
}

/**
 * Where every real dimension lands (docs/realistic-targets.md): residual dims first, query head
 * `q` of KV group `g` in slot `q mod (H/KV)` of group `g`, RoPE pair `j` on expanded pair
 * `j·d'/d` (rotate_half layout), real FFN units and layers first.
 */
export interface ExpansionMap {
  readonly from: ExpandSource;
  readonly to: ExpandShape;
  /** `d'/d`. */
  readonly headRatio: number;
  /** Expanded row of real q/k/v row `head·d + dim` (`kv` heads for k/v). */
  qRow(row: number): number;
  kvRow(row: number): number;
  /** RMSNorm weight factor `sqrt(h/h')` and epsilon factor `h/h'`. */
  readonly normScale: number;
  readonly epsScale: number;
  /** `sqrt(d'/d)`: attention divides by `sqrt(d')`. */
  readonly queryScale: number;
}

/**
 * Checks that `to` can hold `from` and builds the index maps.
 * @throws ConfuError `INVALID_ARGUMENT` naming the violated constraint: a smaller dimension, a
 * head-dim ratio that is not an integer, or a GQA layout without room for the real heads.
 */
export function createExpansionMap(
  from: ExpandSource,
  to: ExpandShape,
  label: string,
): ExpansionMap {
  const fail = (message: string): never => {
    throw new ConfuError('INVALID_ARGUMENT', `cannot expand ${label} to ${to.name}: ${message}`);
  };
  const smaller = (
    [
      ['hidden size', 'hiddenSize'],
      ['layers', 'numLayers'],
      ['head dim', 'headDim'],
      ['intermediate size', 'intermediateSize'],
      ['vocabulary', 'vocabSize'],
    ] as const
  ).filter(([, key]) => to[key] < from[key]);
  if (smaller.length > 0) {
    fail(
      smaller
        .map(([name, key]) => `its ${name} ${to[key]} is smaller than the model's ${from[key]}`)
        .join('; '),
    );
  }
  const headRatio = to.headDim / from.headDim;
  if (!Number.isInteger(headRatio))
    fail(`head dim ${to.headDim} is not a multiple of the model's ${from.headDim}`);
  if (from.headDim % 2 !== 0 || to.headDim % 2 !== 0) fail('head dims must be even (RoPE pairs)');
  if (to.numHeads % to.numKvHeads !== 0)
    fail(`${to.numHeads} query heads do not divide into ${to.numKvHeads} KV heads`);
  const groupFrom = from.numHeads / from.numKvHeads;
  const groupTo = to.numHeads / to.numKvHeads;
  if (to.numKvHeads < from.numKvHeads) {
    fail(
      `${to.numKvHeads} KV heads cannot hold the model's ${from.numKvHeads} (GQA: one real KV head per slot)`,
    );
  }
  if (groupTo < groupFrom) {
    fail(`${groupTo} query heads per KV head cannot hold the model's ${groupFrom} (GQA groups)`);
  }
  const d = from.headDim;
  const dimOf = (dim: number): number =>
    dim < d / 2 ? dim * headRatio : (dim - d / 2) * headRatio + to.headDim / 2;
  const slotOfQuery = (head: number): number =>
    Math.floor(head / groupFrom) * groupTo + (head % groupFrom);
  return {
    from,
    to,
    headRatio,
    qRow: (row) => slotOfQuery(Math.floor(row / d)) * to.headDim + dimOf(row % d),
    kvRow: (row) => Math.floor(row / d) * to.headDim + dimOf(row % d),
    normScale: Math.sqrt(from.hiddenSize / to.hiddenSize),
    epsScale: from.hiddenSize / to.hiddenSize,
    queryScale: Math.sqrt(headRatio),
  };
}
