import type { FileHandle } from 'node:fs/promises';
import { ConfuError } from '@confu/errors';

/**
 * Reads `range` (default: the whole file) of an open file of `size` bytes, at explicit positions
 * and without read-ahead. `path` names the file in errors.
 * @throws ConfuError `INVALID_FILE` for a range beyond `size`, or when the file ends before the
 * range does (it shrank after its size was taken), naming the file and the byte counts.
 */
export async function readFileRange(
  handle: FileHandle,
  path: string,
  size: number,
  range?: { readonly start: number; readonly end: number },
): Promise<Uint8Array> {
  const start = range?.start ?? 0;
  const end = range?.end ?? size;
  if (start < 0 || end < start || end > size) {
    throw new ConfuError(
      'INVALID_FILE',
      `${path}: range [${start}, ${end}) is beyond its ${size} bytes`,
    );
  }
  const bytes = new Uint8Array(end - start);
  let filled = 0;
  while (filled < bytes.length) {
    const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, start + filled);
    if (bytesRead === 0) {
      throw new ConfuError(
        'INVALID_FILE',
        `${path}: read ${filled} of ${bytes.length} bytes at [${start}, ${end}); the file ended early`,
      );
    }
    filled += bytesRead;
  }
  return bytes;
}
