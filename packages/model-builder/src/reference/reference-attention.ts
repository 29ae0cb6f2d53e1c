/** Keys and values visible to one layer: past rows then new rows, each `[KVH·D]`. */
export interface AttentionRows {
  readonly keys: readonly ArrayLike<number>[];
  readonly values: readonly ArrayLike<number>[];
}

/**
 * Grouped-query attention of one query token `[H·D]` over the rows where `visible` is true
 * (query head `h` reads KV head `floor(h / (H / KVH))`, as HF `repeat_kv`). Float64 softmax.
 */
export function attendOne(
  query: Float64Array,
  rows: AttentionRows,
  visible: readonly boolean[],
  shape: { readonly numHeads: number; readonly numKvHeads: number; readonly headDim: number },
): Float64Array {
  const { numHeads, numKvHeads, headDim: D } = shape;
  const group = numHeads / numKvHeads;
  const scale = 1 / Math.sqrt(D);
  const out = new Float64Array(numHeads * D);
  const scores = new Float64Array(visible.length);
  for (let head = 0; head < numHeads; head++) {
    const kvOffset = Math.floor(head / group) * D;
    let max = -Infinity;
    for (let t = 0; t < visible.length; t++) {
      if (!visible[t]) continue;
      const key = rows.keys[t] as ArrayLike<number>;
      let dot = 0;
      for (let i = 0; i < D; i++)
        dot += (query[head * D + i] as number) * (key[kvOffset + i] as number);
      scores[t] = dot * scale;
      max = Math.max(max, dot * scale);
    }
    let total = 0;
    for (let t = 0; t < visible.length; t++) {
      if (!visible[t]) continue;
      const weight = Math.exp((scores[t] as number) - max);
      scores[t] = weight;
      total += weight;
    }
    for (let t = 0; t < visible.length; t++) {
      if (!visible[t]) continue;
      const value = rows.values[t] as ArrayLike<number>;
      const weight = (scores[t] as number) / total;
      for (let i = 0; i < D; i++)
        out[head * D + i] =
          (out[head * D + i] as number) + weight * (value[kvOffset + i] as number);
    }
  }
  return out;
}
