import { ConfuError } from '@confu/errors';
import { KvCache } from '@confu/runtime';
import type { KvCacheOptions } from '@confu/runtime';

/** Options of {@link ReservedKvCache}. */
export interface ReservedKvCacheOptions extends KvCacheOptions {
  /** Leading rows that hold a ConFu soft prompt rather than committed tokens. Default 0. */
  readonly reservedRows?: number;
}

/**
 * A {@link KvCache} whose first `reservedRows` rows hold a ConFu soft prompt (written once, e.g.
 * from `computeSoftPromptKv`). `CausalLm.forward` hides those rows from ordinary tokens and numbers
 * positions without them: committed row `r` sits at position `r − reservedRows`.
 */
export class ReservedKvCache extends KvCache {
  readonly reservedRows: number;

  constructor(options: ReservedKvCacheOptions) {
    super(options);
    const reservedRows = options.reservedRows ?? 0;
    if (!Number.isInteger(reservedRows) || reservedRows < 0 || reservedRows > options.maxLength) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `\`reservedRows\` must be an integer in [0, ${options.maxLength}], got ${reservedRows}`,
      );
    }
    this.reservedRows = reservedRows;
  }

  /** Committed token rows, i.e. rows after the reserved ones (0 while those are unwritten). */
  get committed(): number {
    return Math.max(0, this.length - this.reservedRows);
  }

  /** Drops every committed token row but keeps the reserved rows (the soft prompt). */
  override clear(): void {
    this.truncate(Math.min(this.length, this.reservedRows));
  }
}

/** The reserved leading rows of `cache`: its `reservedRows` for a {@link ReservedKvCache}, else 0. */
export function reservedRowsOf(cache: KvCache): number {
  const reserved = (cache as Partial<ReservedKvCache>).reservedRows;
  return typeof reserved === 'number' ? reserved : 0;
}
