import { ConfuError } from '@confu/errors';
import type { ParentList } from './attention-mask.js';

/** Positions and visibility of one pass, as `CausalLm.forwardRows` takes them. */
export interface RowLayout {
  /** One position id per new row. */
  readonly positions: number[];
  /** `[rows, cacheRows + rows]` row-major, 1 = attend. */
  readonly visibility: Uint8Array;
}

/** Options of {@link buildContemplateLayout}. */
export interface ContemplateLayoutOptions {
  /** Committed token rows `n` (after the soft prompt). */
  readonly committed: number;
  /** Soft-prompt rows `s` at the front of the cache (0: none). */
  readonly reservedRows: number;
  /** The draft tree of `N ≥ 1` nodes, parents before children (`-1` = root). */
  readonly parents: ParentList;
}

/**
 * The ConFu verification layout (confu-spec §7.7): rows `[t_0 … t_{N−1}, c_0 … c_{N−1}]` over a
 * cache `[soft prompt (s) | committed (n)]`, keys `[s | n | t | c]`.
 * - tree token `t_i`: the committed rows and its ancestors-or-self among the tree tokens — never
 *   the soft prompt or a contemplate token, so its logits equal a plain tree pass (lossless);
 * - contemplate `c_i`: the soft prompt, the committed rows, `t_i`'s ancestors-or-self and itself.
 *
 * Positions: `pos(t_i) = n + depth(i)`, `pos(c_i) = n + depth(i) + 1` (spec §8 row 2). Feed the tree
 * tokens as `tokens` and the N contemplate embeddings as `extraEmbeds`; commit only tree rows.
 * @throws ConfuError `INVALID_ARGUMENT` for bad counts or a malformed parent list.
 */
export function buildContemplateLayout(options: ContemplateLayoutOptions): RowLayout {
  const { committed: n, reservedRows: s, parents } = options;
  checkCount('committed', n);
  checkCount('reservedRows', s);
  const depths = checkedDepths(parents);
  const N = parents.length;
  const rows = 2 * N;
  const width = s + n + rows;
  const visibility = new Uint8Array(rows * width);
  const positions: number[] = [];
  for (let i = 0; i < N; i++) {
    const tree = i * width;
    const contemplate = (N + i) * width;
    visibility.fill(1, tree + s, tree + s + n);
    visibility.fill(1, contemplate, contemplate + s + n);
    for (let node = i; node >= 0; node = parents[node] as number) {
      visibility[tree + s + n + node] = 1;
      visibility[contemplate + s + n + node] = 1;
    }
    visibility[contemplate + s + n + N + i] = 1;
  }
  for (const depth of depths) positions.push(n + depth);
  for (const depth of depths) positions.push(n + depth + 1);
  return { positions, visibility };
}

/** Options of {@link buildContemplatePrefillLayout}. */
export interface ContemplatePrefillLayoutOptions {
  /** Committed token rows `n` before the prompt (0 for a fresh conversation). */
  readonly committed: number;
  /** Soft-prompt rows `s` at the front of the cache. */
  readonly reservedRows: number;
  /** Prompt tokens `t ≥ 1` in this pass. */
  readonly count: number;
}

/**
 * The ConFu prefill layout (confu-spec §7.7): rows `[x_0 … x_{t−1}, c]` over a cache
 * `[soft prompt (s) | committed (n)]`. Prompt tokens are plain causal over the committed rows
 * (never the soft prompt) at positions `n … n+t−1`, so their KV equals vanilla KV; the contemplate
 * token at position `n + t` sees the soft prompt, everything committed, the prompt and itself.
 * Feed the prompt as `tokens` and one `e_con` row as `extraEmbeds`; commit rows `0 … t−1`.
 * @throws ConfuError `INVALID_ARGUMENT` for bad counts.
 */
export function buildContemplatePrefillLayout(options: ContemplatePrefillLayoutOptions): RowLayout {
  const { committed: n, reservedRows: s, count: t } = options;
  checkCount('committed', n);
  checkCount('reservedRows', s);
  checkCount('count', t);
  if (t === 0) throw new ConfuError('INVALID_ARGUMENT', '`count` must be at least 1');
  const rows = t + 1;
  const width = s + n + rows;
  const visibility = new Uint8Array(rows * width);
  for (let i = 0; i < t; i++) visibility.fill(1, i * width + s, i * width + s + n + i + 1);
  visibility.fill(1, t * width, (t + 1) * width);
  const positions = Array.from({ length: rows }, (_, i) => n + i);
  return { positions, visibility };
}

/** Causal layout of `count` rows over an empty cache at positions `0 … count−1`. */
export function buildCausalLayout(count: number): RowLayout {
  checkCount('count', count);
  const visibility = new Uint8Array(count * count);
  for (let i = 0; i < count; i++) visibility.fill(1, i * count, i * count + i + 1);
  return { positions: Array.from({ length: count }, (_, i) => i), visibility };
}

/** `embedding` `[h]` repeated `count` times: the `extraEmbeds` of `count` contemplate tokens. */
export function repeatEmbedding(embedding: Float32Array, count: number): Float32Array {
  checkCount('count', count);
  const out = new Float32Array(embedding.length * count);
  for (let i = 0; i < count; i++) out.set(embedding, i * embedding.length);
  return out;
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`${name}\` must be a non-negative integer, got ${value}`,
    );
}

function checkedDepths(parents: ParentList): number[] {
  if (parents.length === 0) throw new ConfuError('INVALID_ARGUMENT', 'the tree has no nodes');
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
