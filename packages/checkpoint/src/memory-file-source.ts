import type { FileSource } from '@confu/core';
import { ConfuError } from '@confu/errors';

/** A `FileSource` over in-memory files (tests, browser uploads already read). */
export function createMemoryFileSource(
  files: Readonly<Record<string, Uint8Array>>,
  label = 'memory',
): FileSource {
  const get = (name: string): Uint8Array => {
    const file = files[name];
    if (!file) throw new ConfuError('FILE_NOT_FOUND', `${label}/${name} does not exist`);
    return file;
  };
  return {
    list: () => Promise.resolve(Object.keys(files)),
    size: (name) => Promise.resolve().then(() => get(name).length),
    read: (name, range) =>
      Promise.resolve().then(() => {
        const file = get(name);
        if (!range) return file;
        if (range.start < 0 || range.end < range.start || range.end > file.length) {
          throw new ConfuError(
            'INVALID_FILE',
            `${label}/${name}: range [${range.start}, ${range.end}) is beyond its ${file.length} bytes`,
          );
        }
        return file.subarray(range.start, range.end);
      }),
    describe: (name) => `${label}/${name}`,
  };
}
