import type { FileHandle } from 'node:fs/promises';
import { ConfuError } from '@confu/errors';
import type { FileSource } from '@confu/core';

/**
 * A one-file {@link FileSource} over an open handle: ranged reads at explicit positions, no
 * read-ahead, errors naming `path`. `size` is taken once by the caller.
 */
export function fileHandleSource(handle: FileHandle, path: string, size: number): FileSource {
  const name = path;
  return {
    list: () => Promise.resolve([name]),
    size: () => Promise.resolve(size),
    read: async (_name, range) => {
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
        const { bytesRead } = await handle.read(
          bytes,
          filled,
          bytes.length - filled,
          start + filled,
        );
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled === bytes.length ? bytes : bytes.subarray(0, filled);
    },
    describe: () => path,
  };
}
