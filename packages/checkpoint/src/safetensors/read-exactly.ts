import { ConfuError } from '@confu/errors';
import type { FileSource } from '@confu/core';

/**
 * Reads `[start, end)` of `name` and insists on exactly that many bytes, so that a source
 * returning a short read cannot pass for a valid (smaller) tensor.
 * @throws ConfuError `INVALID_FILE` on a short or long read, plus whatever the source throws.
 */
export async function readExactly(
  source: FileSource,
  name: string,
  start: number,
  end: number,
): Promise<Uint8Array> {
  const bytes = await source.read(name, { start, end });
  if (bytes.length !== end - start) {
    throw new ConfuError(
      'INVALID_FILE',
      `${source.describe(name)}: read ${bytes.length} bytes at [${start}, ${end}), expected ${end - start}`,
    );
  }
  return bytes;
}
