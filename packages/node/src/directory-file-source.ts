import { open, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ConfuError } from '@confu/errors';
import { readFileRange } from '@confu/checkpoint/node';
import type { FileSource } from '@confu/core';
import { listModelFiles } from './list-model-files.js';

/**
 * A {@link FileSource} over a directory on disk; reads byte ranges without loading whole files.
 * Symbolic links to files count as files (the Hugging Face cache links snapshot files to blobs);
 * the listing is bounded (see {@link listModelFiles}).
 */
export function createDirectoryFileSource(directory: string): FileSource {
  const resolve = (name: string): string => {
    const path = join(directory, name);
    const inside = relative(directory, path);
    if (inside.startsWith('..') || inside === '') {
      throw new ConfuError('INVALID_ARGUMENT', `\`${name}\` is not a file inside ${directory}`);
    }
    return path;
  };
  const sizeOf = async (name: string): Promise<number> => {
    const path = resolve(name);
    const info = await stat(path).catch((error: unknown) => {
      throw new ConfuError('FILE_NOT_FOUND', `${path} does not exist`, { cause: error });
    });
    if (!info.isFile()) throw new ConfuError('FILE_NOT_FOUND', `${path} is not a file`);
    return info.size;
  };
  return {
    list: () => listModelFiles(directory),
    size: sizeOf,
    async read(name, range) {
      const size = await sizeOf(name);
      const path = resolve(name);
      const handle = await open(path, 'r').catch((error: unknown) => {
        throw new ConfuError('FILE_NOT_FOUND', `${path} cannot be opened`, { cause: error });
      });
      try {
        return await readFileRange(handle, path, size, range);
      } finally {
        await handle.close();
      }
    },
    describe: (name) => join(directory, name),
  };
}
