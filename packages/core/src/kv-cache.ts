/** Options of {@link KvCache.append}. */
export interface AppendOptions {
  /** Rows of the new K/V to append, in this order (e.g. an accepted tree path). Default: all. */
  readonly rows?: readonly number[];
}

/**
 * Per-layer key/value rows owned by JavaScript, laid out `[rows, KVH·D]` per layer. A target pass
 * reads every row as its past; the caller appends the rows it commits. The first `reservedRows`
 * rows are a prefix a drafting method keeps in the cache (see `Drafter.targetPrefix`): hidden from
 * token rows and not counted as positions.
 */
export interface KvCache {
  readonly numLayers: number;
  /** Floats per row and layer (`KVH·D`). */
  readonly rowSize: number;
  /** Capacity in rows, the reserved prefix included. */
  readonly maxLength: number;
  /** Rows stored, the reserved prefix included. */
  readonly length: number;
  /** Leading rows that hold a drafter's prefix, not committed tokens (0 for none). */
  readonly reservedRows: number;
  /** `[length, rowSize]` view of a layer's keys (valid until the next append). */
  keys(layer: number): Float32Array;
  values(layer: number): Float32Array;
  /** Appends rows of per-layer `[n, rowSize]` arrays. */
  append(
    keys: readonly Float32Array[],
    values: readonly Float32Array[],
    options?: AppendOptions,
  ): void;
  /** Keeps the first `length` rows. */
  truncate(length: number): void;
  /** Drops every committed row, keeping the reserved prefix. */
  clear(): void;
}

/** K/V rows of every layer, ready to append to a {@link KvCache}. */
export interface KvRows {
  readonly length: number;
  /** Per layer `[length, KVH·D]` (keys already rotated). */
  readonly keys: readonly Float32Array[];
  readonly values: readonly Float32Array[];
}
