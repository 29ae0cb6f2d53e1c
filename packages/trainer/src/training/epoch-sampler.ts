import { ConfuError, assertArgument } from '@confu/errors';
import type { SeededRandom } from '@confu/sampler';

/** Batches of item indices in seeded shuffled epochs, with a state that checkpoints can carry. */
export interface EpochSampler {
  /** The next `batch` indices; a fresh shuffle starts when the epoch has fewer left. */
  next(): number[];
  /** Completed shuffles (epochs started). */
  readonly epochs: number;
  /** The order and cursor as a string (for checkpoint metadata). */
  state(): string;
  /** Restores a {@link EpochSampler.state} of a sampler over the same items. @throws ConfuError `INVALID_FILE`. */
  restore(state: string): void;
}

/**
 * Epochs of Fisher–Yates shuffles of `count` items drawn from `random`, cut into batches of
 * `batch`; the tail of an epoch too short for a batch is skipped (as the draft-head loop always did).
 * @throws ConfuError `INVALID_ARGUMENT` for `batch` outside [1, count].
 */
export function createEpochSampler(
  count: number,
  batch: number,
  random: SeededRandom,
): EpochSampler {
  assertArgument(
    Number.isInteger(batch) && batch >= 1 && batch <= count,
    `batch must be in [1, ${count}] (the number of items), got ${batch}`,
  );
  let order: number[] = [];
  let cursor = 0;
  let epochs = 0;
  return {
    next() {
      if (cursor + batch > order.length) {
        order = shuffled(count, random);
        cursor = 0;
        epochs++;
      }
      const picked = order.slice(cursor, cursor + batch);
      cursor += batch;
      return picked;
    },
    get epochs() {
      return epochs;
    },
    state: () => JSON.stringify({ count, epochs, cursor, order }),
    restore(state) {
      const parsed = JSON.parse(state) as {
        count?: unknown;
        epochs?: unknown;
        cursor?: unknown;
        order?: unknown;
      };
      const valid =
        parsed.count === count &&
        typeof parsed.epochs === 'number' &&
        typeof parsed.cursor === 'number' &&
        Array.isArray(parsed.order) &&
        parsed.order.every((index) => Number.isInteger(index) && index >= 0 && index < count);
      if (!valid) {
        throw new ConfuError(
          'INVALID_FILE',
          `checkpoint: the data order is not one of ${count} items (different data?)`,
        );
      }
      order = parsed.order as number[];
      cursor = parsed.cursor as number;
      epochs = parsed.epochs as number;
    },
  };
}

function shuffled(count: number, random: SeededRandom): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  for (let i = count - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}
