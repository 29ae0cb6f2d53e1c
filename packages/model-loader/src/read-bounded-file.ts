import { ConfuError } from '@confu/errors';
import type { FileSource } from '@confu/core';

/** Largest tokenizer or JSON side file read whole (Gemma's 262k-token tokenizer.json: 33 MB). */
export const maxSideFileBytes = 128 * 1024 * 1024;

/**
 * Reads a whole side file (tokenizer, JSON config) after checking its size, so a huge or hostile
 * file is refused before it is read.
 * @throws ConfuError `INVALID_FILE` naming the file and both sizes; `FILE_NOT_FOUND` from the source.
 */
export async function readBoundedFile(
  source: FileSource,
  name: string,
  maxBytes = maxSideFileBytes,
): Promise<Uint8Array> {
  const size = await source.size(name);
  if (size > maxBytes) {
    throw new ConfuError(
      'INVALID_FILE',
      `${source.describe(name)}: ${size} bytes is over the ${maxBytes}-byte limit for this file`,
    );
  }
  return source.read(name, { start: 0, end: size });
}
