import { ConfuError } from '@confu/errors';

/** Marks a checkpoint file; bumped when its meaning changes. */
export const bpeCheckpointFormat = 'confu-bpe-checkpoint/1';

/**
 * What a BPE run needs to continue: the merges so far, as ids. Replaying them on the same corpus
 * rebuilds the whole training state, so nothing else is stored.
 */
export interface BpeCheckpoint {
  readonly format: typeof bpeCheckpointFormat;
  readonly specialTokens: readonly string[];
  /** {@link corpusFingerprint} of the word counts the merges were learnt from. */
  readonly corpus: string;
  readonly merges: readonly (readonly [left: number, right: number])[];
}

/**
 * Checks a parsed checkpoint file.
 * @throws ConfuError `INVALID_FILE` naming `name` when it is not one.
 */
export function parseBpeCheckpoint(value: unknown, name: string): BpeCheckpoint {
  const record =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const { format, specialTokens, corpus, merges } = record;
  const valid =
    format === bpeCheckpointFormat &&
    Array.isArray(specialTokens) &&
    specialTokens.every((token) => typeof token === 'string') &&
    typeof corpus === 'string' &&
    Array.isArray(merges) &&
    merges.every(
      (merge) =>
        Array.isArray(merge) &&
        merge.length === 2 &&
        merge.every((id) => Number.isInteger(id) && (id as number) >= 0),
    );
  if (!valid) {
    throw new ConfuError('INVALID_FILE', `${name} is not a ${bpeCheckpointFormat} checkpoint`);
  }
  return record as unknown as BpeCheckpoint;
}

/**
 * An order-independent digest of word counts (FNV-1a per word, summed with its count), to refuse
 * resuming on a different corpus.
 */
export function corpusFingerprint(counts: ReadonlyMap<string, number>): string {
  let sum = 0;
  let occurrences = 0;
  for (const [word, count] of counts) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) {
      hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
    }
    sum = (sum + Math.imul(hash ^ count, 0x9e3779b1)) >>> 0;
    occurrences += count;
  }
  return `${counts.size}:${occurrences}:${sum.toString(16).padStart(8, '0')}`;
}
