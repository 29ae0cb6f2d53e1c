import { ConfuError } from '@confu/errors';

/** Throws `INVALID_ARGUMENT` unless every id is an integer in `[0, vocabSize)`. Internal. */
export function assertTokenIds(ids: readonly number[], vocabSize: number, name: string): void {
  if (!Array.isArray(ids)) {
    throw new ConfuError('INVALID_ARGUMENT', `ids must be an array of token ids (${name})`);
  }
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `token id ${String(id)} is not an integer in [0, ${vocabSize}) for ${name}`,
      );
    }
  }
}
