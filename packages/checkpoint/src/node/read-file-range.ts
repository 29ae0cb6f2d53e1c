import type { FileHandle } from 'node:fs/promises';
import { ConfuError } from '@confu/errors';

/**
 * Largest range one read returns: one `Uint8Array`, whose length V8 caps at 4 GiB. Larger ranges
 * must be read in parts (tensors are read one by one, hashes are streamed).
 */
export const maxReadBytes = 2 ** 32;

/**
 * Bytes per `FileHandle.read` call. Node asserts that a read length fits an int32 (a 2 GiB read
 * aborts the process), so a large range is filled by several calls.
 */
const readChunkBytes = 64 * 1024 * 1024;

/**
 * Reads `range` (default: the whole file) of an open file of `size` bytes, at explicit positions
 * and without read-ahead, in reads of at most 64 MiB (`chunkBytes`, for tests). `path` names the
 * file in errors.
 * @throws ConfuError `INVALID_FILE` for a range beyond `size`, or when the file ends before the
 * range does (it shrank after its size was taken), naming the file and the byte counts;
 * `UNSUPPORTED` for a range over {@link maxReadBytes}, before anything is allocated.
 */
export async function readFileRange(
  handle: FileHandle,
  path: string,
  size: number,
  range?: { readonly start: number; readonly end: number },
  chunkBytes = readChunkBytes,
): Promise<Uint8Array> {
  const start = range?.start ?? 0;
  const end = range?.end ?? size;
  if (start < 0 || end < start || end > size) {
    throw new ConfuError(
      'INVALID_FILE',
      `${path}: range [${start}, ${end}) is beyond its ${size} bytes`,
    );
  }
  if (end - start > maxReadBytes) {
    throw new ConfuError(
      'UNSUPPORTED',
      `${path}: range [${start}, ${end}) is ${end - start} bytes, more than the ${maxReadBytes} bytes one buffer can hold; read it in parts`,
    );
  }
  const bytes = new Uint8Array(end - start);
  let filled = 0;
  while (filled < bytes.length) {
    const length = Math.min(chunkBytes, bytes.length - filled);
    const { bytesRead } = await handle.read(bytes, filled, length, start + filled);
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
