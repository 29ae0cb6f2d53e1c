import { ConfuError } from '@confu/errors';

/**
 * Text encoded once when a tokenizer loads: letters, digits, punctuation, spaces and newlines,
 * accents, CJK, an emoji. Short and without long runs, so a hostile pattern cannot make it slow.
 */
export const probeText = 'Hello, world! 123 + 4.5 = x\n\tünïcødé 日本語 🙂';

/**
 * Encodes {@link probeText} and decodes the result, so that a pipeline stage that loads but
 * cannot run (a malformed post-processor or pre-tokenizer) fails at load instead of on every
 * request, and checks that every id is in `[0, vocabSize)`. Internal.
 * @throws ConfuError `INVALID_FILE` naming the file and the failure.
 */
export function probeTokenizer(
  name: string,
  vocabSize: number,
  encode: (text: string) => readonly number[],
  decode: (ids: readonly number[]) => string,
): void {
  let ids: readonly number[];
  try {
    ids = encode(probeText);
    if (ids.length > 0) decode(ids);
  } catch (error) {
    if (ConfuError.isInstance(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfuError(
      'INVALID_FILE',
      `${name}: encoding a probe text at load failed (${reason}); its pipeline is malformed`,
      { cause: error },
    );
  }
  const bad = ids.find((id) => !Number.isInteger(id) || id < 0 || id >= vocabSize);
  if (bad !== undefined) {
    throw new ConfuError(
      'INVALID_FILE',
      `${name}: encoding a probe text at load gave id ${String(bad)}, outside the vocabulary [0, ${vocabSize})`,
    );
  }
}
