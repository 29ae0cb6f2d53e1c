import { ConfuError } from '@confu/errors';
import type { FileSource } from '@confu/core';

/**
 * A {@link FileSource} over `File`s picked by the user (an `<input type="file" webkitdirectory>`
 * or drag and drop). Names come from `webkitRelativePath` without its top folder, or the file name.
 */
export function createFileListSource(files: Iterable<File>, label = 'selected files'): FileSource {
  const byName = new Map<string, File>();
  for (const file of files) {
    const relative = file.webkitRelativePath
      ? file.webkitRelativePath.split('/').slice(1).join('/')
      : file.name;
    byName.set(relative || file.name, file);
  }
  const get = (name: string): File => {
    const file = byName.get(name);
    if (!file) throw new ConfuError('FILE_NOT_FOUND', `${label}: ${name} is missing`);
    return file;
  };
  return {
    list: () => Promise.resolve([...byName.keys()].sort()),
    size: (name) => Promise.resolve().then(() => get(name).size),
    async read(name, range) {
      const file = get(name);
      const start = range?.start ?? 0;
      const end = range?.end ?? file.size;
      if (start < 0 || end < start || end > file.size) {
        throw new ConfuError(
          'INVALID_FILE',
          `${label}: ${name} range [${start}, ${end}) is beyond its ${file.size} bytes`,
        );
      }
      return new Uint8Array(await file.slice(start, end).arrayBuffer());
    },
    describe: (name) => `${label}/${name}`,
  };
}
