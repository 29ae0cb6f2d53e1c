import { assertArgument } from '@confu/errors';
import { vocabMappingFromTargetIds } from '@confu/checkpoint';

/** A draft vocabulary and its EAGLE-3 mapping tensors (confu-spec.md §4.3). */
export interface DraftVocabulary {
  /** `[Vd]` selected target ids, ascending: draft id `i` is target id `targetIds[i]`. */
  readonly targetIds: Int32Array;
  /** `[Vd]` int64 offsets, `targetIds[i] = i + d2t[i]`. */
  readonly d2t: BigInt64Array;
  /** `[V]` 1 where the target id is in the draft vocabulary, else 0. */
  readonly t2d: Uint8Array;
  /** Fraction of the counted tokens whose id is in the draft vocabulary (0 when none counted). */
  readonly coverage: number;
}

/** Options of {@link selectDraftVocabulary}. */
export interface SelectDraftVocabularyOptions {
  /** Ids that are always included (e.g. the end-of-sequence token), then the most frequent. */
  readonly include?: readonly number[];
}

/**
 * Picks the `draftVocabSize` most frequent target ids (ties and never-seen ids by lower id, so
 * the choice is deterministic and always full), sorts them by id and builds `d2t` / `t2d` with
 * `vocabMappingFromTargetIds` of `@confu/model-builder`.
 * @param tokenCounts count per target id (e.g. {@link TokenCounter.counts}); its length is V.
 * @throws ConfuError `INVALID_ARGUMENT` unless 1 ≤ `draftVocabSize` ≤ V, counts are finite and
 * non-negative, and `include` holds at most `draftVocabSize` valid ids.
 */
export function selectDraftVocabulary(
  tokenCounts: ArrayLike<number>,
  draftVocabSize: number,
  options: SelectDraftVocabularyOptions = {},
): DraftVocabulary {
  const vocabSize = tokenCounts.length;
  assertArgument(
    Number.isInteger(draftVocabSize) && draftVocabSize >= 1 && draftVocabSize <= vocabSize,
    `\`draftVocabSize\` must be an integer in [1, ${vocabSize}], got ${draftVocabSize}`,
  );
  let total = 0;
  for (let id = 0; id < vocabSize; id++) {
    const count = tokenCounts[id] as number;
    assertArgument(Number.isFinite(count) && count >= 0, `count of token ${id} is ${count}`);
    total += count;
  }
  const forced = new Set(options.include ?? []);
  for (const id of forced) {
    assertArgument(
      Number.isInteger(id) && id >= 0 && id < vocabSize,
      `included id ${id} is outside the vocabulary of ${vocabSize}`,
    );
  }
  assertArgument(
    forced.size <= draftVocabSize,
    `${forced.size} included ids exceed the draft vocabulary of ${draftVocabSize}`,
  );
  const ranked = Array.from({ length: vocabSize }, (_, id) => id)
    .filter((id) => !forced.has(id))
    .sort((a, b) => (tokenCounts[b] as number) - (tokenCounts[a] as number) || a - b);
  const chosen = [...forced, ...ranked.slice(0, draftVocabSize - forced.size)].sort(
    (a, b) => a - b,
  );
  const { d2t, t2d } = vocabMappingFromTargetIds(chosen, vocabSize);
  const covered = chosen.reduce((sum, id) => sum + (tokenCounts[id] as number), 0);
  return {
    targetIds: Int32Array.from(chosen),
    d2t,
    t2d,
    coverage: total > 0 ? covered / total : 0,
  };
}
