import { open } from 'node:fs/promises';

/** Bytes to place at an offset of a {@link writeSparseFile}. */
export interface SparseWrite {
  readonly offset: number;
  readonly bytes: Uint8Array;
}

/**
 * Writes a file of `size` bytes that is all holes (reads as zeros, takes no disk space on file
 * systems with sparse files) except for `writes`: large-file tests (2 GiB, 4 GiB and beyond)
 * without writing gigabytes.
 */
export async function writeSparseFile(
  path: string,
  size: number,
  writes: readonly SparseWrite[] = [],
): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.truncate(size);
    for (const { offset, bytes } of writes) {
      let written = 0;
      while (written < bytes.length) {
        const result = await handle.write(bytes, written, bytes.length - written, offset + written);
        written += result.bytesWritten;
      }
    }
  } finally {
    await handle.close();
  }
}
