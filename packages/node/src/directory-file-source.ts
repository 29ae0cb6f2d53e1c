import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ConfuError } from '@confu/errors';
import { readFileRange } from '@confu/checkpoint/node';
import type { FileSource } from '@confu/core';

/** A {@link FileSource} over a directory on disk; reads byte ranges without loading whole files. */
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
    async list() {
      const entries = await readdir(directory, { recursive: true, withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) =>
          relative(directory, join(entry.parentPath, entry.name)).split(sep).join('/'),
        )
        .sort();
    },
    size: sizeOf,
    async read(name, range) {
      const size = await sizeOf(name);
      const path = resolve(name);
      const handle = await open(path, 'r');
      try {
        return await readFileRange(handle, path, size, range);
      } finally {
        await handle.close();
      }
    },
    describe: (name) => join(directory, name),
  };
}
