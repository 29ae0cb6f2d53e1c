import type { ParentList, TargetPassPlan } from '@confu/core';
import { ConfuError } from '@confu/errors';

/** Positions and visibility of one pass, as `CausalLm.forwardRows` takes them. */
export interface RowLayout {
  /** One position id per new row. */
  readonly positions: number[];
  /** `[rows, cacheRows + rows]` row-major, 1 = attend. */
  readonly visibility: Uint8Array;
}

/** Options of {@link buildPassLayout}. */
export interface PassLayoutOptions {
  /** Committed token rows `n` (after the reserved prefix). */
  readonly committed: number;
  /** Reserved prefix rows `s` at the front of the cache (0: none). */
  readonly reservedRows: number;
  /** The pass rows: a tree (or a chain) of `N ≥ 1` nodes, parents before children (`-1` = root). */
  readonly parents: ParentList;
  /** Extra rows after the pass rows (see `TargetPassPlan`). */
  readonly plan: Pick<TargetPassPlan, 'attachTo' | 'positionOffset' | 'seePrefix'>;
}

/**
 * The layout of a pass with a drafter's extra rows: rows `[t_0 … t_{N−1}, x_0 … x_{E−1}]` over a
 * cache `[prefix (s) | committed (n)]`, keys `[s | n | t | x]`.
 * - pass row `t_i`: the committed rows and its ancestors-or-self — never the prefix or an extra
 *   row, so its logits equal a plain pass (lossless); position `n + depth(i)`;
 * - extra row `x_e` attached to `a = attachTo[e]`: the committed rows, `t_a`'s ancestors-or-self,
 *   itself and, with `seePrefix`, the prefix; position `n + depth(a) + positionOffset`.
 * @throws ConfuError `INVALID_ARGUMENT` for bad counts, a malformed parent list or an attachment
 * outside the pass rows.
 */
export function buildPassLayout(options: PassLayoutOptions): RowLayout {
  const { committed: n, reservedRows: s, parents, plan } = options;
  checkCount('committed', n);
  checkCount('reservedRows', s);
  const offset = plan.positionOffset ?? 1;
  checkCount('positionOffset', offset);
  const depths = checkedDepths(parents);
  const N = parents.length;
  const E = plan.attachTo.length;
  const rows = N + E;
  const width = s + n + rows;
  const visibility = new Uint8Array(rows * width);
  const positions: number[] = depths.map((depth) => n + depth);
  const showBranch = (row: number, node: number): void => {
    for (let current = node; current >= 0; current = parents[current] as number) {
      visibility[row * width + s + n + current] = 1;
    }
  };
  for (let i = 0; i < N; i++) {
    visibility.fill(1, i * width + s, i * width + s + n);
    showBranch(i, i);
  }
  plan.attachTo.forEach((node, e) => {
    if (!Number.isInteger(node) || node < 0 || node >= N) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `extra row ${e} is attached to row ${node}, outside the ${N} pass rows`,
      );
    }
    const row = N + e;
    visibility.fill(1, row * width + (plan.seePrefix ? 0 : s), row * width + s + n);
    showBranch(row, node);
    visibility[row * width + s + n + row] = 1;
    positions.push(n + (depths[node] as number) + offset);
  });
  return { positions, visibility };
}

/** Causal layout of `count` rows over an empty cache at positions `0 … count−1`. */
export function buildCausalLayout(count: number): RowLayout {
  checkCount('count', count);
  const visibility = new Uint8Array(count * count);
  for (let i = 0; i < count; i++) visibility.fill(1, i * count, i * count + i + 1);
  return { positions: Array.from({ length: count }, (_, i) => i), visibility };
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`${name}\` must be a non-negative integer, got ${value}`,
    );
}

function checkedDepths(parents: ParentList): number[] {
  if (parents.length === 0) throw new ConfuError('INVALID_ARGUMENT', 'the pass has no rows');
  const depths: number[] = [];
  parents.forEach((parent, node) => {
    if (!Number.isInteger(parent) || parent < -1 || parent >= node) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `parent ${parent} of node ${node} must be -1 or an earlier node`,
      );
    }
    depths.push(parent < 0 ? 0 : (depths[parent] as number) + 1);
  });
  return depths;
}
