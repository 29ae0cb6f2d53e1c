import type { FileHandle } from 'node:fs/promises';
import type { FileSource } from '@confu/core';
import { readFileRange } from './read-file-range.js';

/**
 * A one-file {@link FileSource} over an open handle (the caller owns and closes it): ranged reads
 * at explicit positions, errors naming `path`. `size` is taken once by the caller.
 */
export function createFileHandleSource(handle: FileHandle, path: string, size: number): FileSource {
  return {
    list: () => Promise.resolve([path]),
    size: () => Promise.resolve(size),
    read: (_name, range) => readFileRange(handle, path, size, range),
    describe: () => path,
  };
}
