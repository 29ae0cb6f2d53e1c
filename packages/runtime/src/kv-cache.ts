import type { AppendOptions, KvCache as KvCacheContract } from '@confu/core';
import { ConfuError } from '@confu/errors';

/** Shape of a {@link KvCache}. */
export interface KvCacheOptions {
  /** Number of decoder layers (one key and one value buffer each). */
  readonly numLayers: number;
  /** Floats per row: kvHeads × headDim. */
  readonly rowSize: number;
  /** Capacity in rows (the model context). */
  readonly maxLength: number;
  /** Rows allocated up front; buffers grow by doubling up to `maxLength`. Default 64. */
  readonly initialCapacity?: number;
  /**
   * Leading rows that hold a drafter's prefix rather than committed tokens (`Drafter.targetPrefix`);
   * `clear()` keeps them. Default 0.
   */
  readonly reservedRows?: number;
}

/**
 * A JavaScript-owned key/value cache, one `[length, rowSize]` buffer pair per layer (row-major,
 * rows = positions). The model receives zero-copy views of the committed prefix as past K/V and
 * returns only the new rows, which are appended here (the "append" strategy of
 * docs/decisions/0002: cheaper than returning and compacting full `present` tensors).
 */
export class KvCache implements KvCacheContract {
  readonly numLayers: number;
  readonly rowSize: number;
  readonly maxLength: number;
  readonly reservedRows: number;
  #length = 0;
  #capacity: number;
  #keys: Float32Array[];
  #values: Float32Array[];

  constructor(options: KvCacheOptions) {
    const { numLayers, rowSize, maxLength } = options;
    for (const [name, value] of Object.entries({ numLayers, rowSize, maxLength })) {
      if (!Number.isInteger(value) || value <= 0) {
        throw new ConfuError(
          'INVALID_ARGUMENT',
          `\`${name}\` must be a positive integer, got ${value}`,
        );
      }
    }
    const reservedRows = options.reservedRows ?? 0;
    if (!Number.isInteger(reservedRows) || reservedRows < 0 || reservedRows > maxLength) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `\`reservedRows\` must be an integer in [0, ${maxLength}], got ${reservedRows}`,
      );
    }
    this.numLayers = numLayers;
    this.rowSize = rowSize;
    this.maxLength = maxLength;
    this.reservedRows = reservedRows;
    this.#capacity = Math.min(maxLength, Math.max(1, options.initialCapacity ?? 64));
    this.#keys = Array.from(
      { length: numLayers },
      () => new Float32Array(this.#capacity * rowSize),
    );
    this.#values = Array.from(
      { length: numLayers },
      () => new Float32Array(this.#capacity * rowSize),
    );
  }

  /** Stored rows, the reserved prefix included. */
  get length(): number {
    return this.#length;
  }

  /** Committed token rows: the rows after the reserved prefix (0 while it is unwritten). */
  get committed(): number {
    return Math.max(0, this.#length - this.reservedRows);
  }

  /** Zero-copy view of layer `layer`'s committed keys, `[length, rowSize]`. */
  keys(layer: number): Float32Array {
    return this.#view(this.#keys, layer);
  }

  /** Zero-copy view of layer `layer`'s committed values, `[length, rowSize]`. */
  values(layer: number): Float32Array {
    return this.#view(this.#values, layer);
  }

  /**
   * Appends rows of new keys/values (`keys[layer]` is `[count, rowSize]`), optionally only the
   * rows listed in `options.rows` (e.g. the accepted path of a verified tree).
   * @throws ConfuError `INVALID_ARGUMENT` on shape mismatch, `CONTEXT_OVERFLOW` past `maxLength`.
   */
  append(
    keys: readonly Float32Array[],
    values: readonly Float32Array[],
    options: AppendOptions = {},
  ): void {
    if (keys.length !== this.numLayers || values.length !== this.numLayers) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `expected ${this.numLayers} layers of keys and values`,
      );
    }
    const count = (keys[0]?.length ?? 0) / this.rowSize;
    const rows = options.rows ?? Array.from({ length: count }, (_, index) => index);
    for (const row of rows) {
      if (!Number.isInteger(row) || row < 0 || row >= count) {
        throw new ConfuError('INVALID_ARGUMENT', `row ${row} is outside the ${count} new rows`);
      }
    }
    this.#reserve(this.#length + rows.length);
    for (let layer = 0; layer < this.numLayers; layer++) {
      const newKeys = keys[layer];
      const newValues = values[layer];
      if (newKeys?.length !== count * this.rowSize || newValues?.length !== count * this.rowSize) {
        throw new ConfuError(
          'INVALID_ARGUMENT',
          `layer ${layer}: new rows must be [${count}, ${this.rowSize}]`,
        );
      }
      copyRows(newKeys, this.#keys[layer] as Float32Array, rows, this.#length, this.rowSize);
      copyRows(newValues, this.#values[layer] as Float32Array, rows, this.#length, this.rowSize);
    }
    this.#length += rows.length;
  }

  /** Drops every row at index ≥ `length`. */
  truncate(length: number): void {
    if (!Number.isInteger(length) || length < 0 || length > this.#length) {
      throw new ConfuError('INVALID_ARGUMENT', `cannot truncate ${this.#length} rows to ${length}`);
    }
    this.#length = length;
  }

  /**
   * Keeps only the rows at the given indices (strictly ascending), compacting them to the front
   * in that order.
   */
  keep(indices: readonly number[]): void {
    let previous = -1;
    for (const index of indices) {
      if (!Number.isInteger(index) || index <= previous || index >= this.#length) {
        throw new ConfuError('INVALID_ARGUMENT', 'indices must be ascending rows of the cache');
      }
      previous = index;
    }
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (const buffers of [this.#keys, this.#values]) {
        const buffer = buffers[layer] as Float32Array;
        indices.forEach((source, target) => {
          if (source !== target) {
            buffer.copyWithin(
              target * this.rowSize,
              source * this.rowSize,
              (source + 1) * this.rowSize,
            );
          }
        });
      }
    }
    this.#length = indices.length;
  }

  /** Drops every committed row, keeping the reserved prefix and the buffers. */
  clear(): void {
    this.#length = Math.min(this.#length, this.reservedRows);
  }

  #view(buffers: Float32Array[], layer: number): Float32Array {
    const buffer = buffers[layer];
    if (!buffer) throw new ConfuError('INVALID_ARGUMENT', `layer ${layer} out of range`);
    return buffer.subarray(0, this.#length * this.rowSize);
  }

  #reserve(rows: number): void {
    if (rows > this.maxLength) {
      throw new ConfuError(
        'CONTEXT_OVERFLOW',
        `KV cache holds at most ${this.maxLength} rows, ${rows} needed`,
      );
    }
    if (rows <= this.#capacity) return;
    let capacity = this.#capacity;
    while (capacity < rows) capacity = Math.min(this.maxLength, capacity * 2);
    const grow = (buffer: Float32Array): Float32Array => {
      const next = new Float32Array(capacity * this.rowSize);
      next.set(buffer.subarray(0, this.#length * this.rowSize));
      return next;
    };
    this.#keys = this.#keys.map(grow);
    this.#values = this.#values.map(grow);
    this.#capacity = capacity;
  }
}

function copyRows(
  source: Float32Array,
  target: Float32Array,
  rows: readonly number[],
  start: number,
  rowSize: number,
): void {
  rows.forEach((row, offset) => {
    target.set(source.subarray(row * rowSize, (row + 1) * rowSize), (start + offset) * rowSize);
  });
}
