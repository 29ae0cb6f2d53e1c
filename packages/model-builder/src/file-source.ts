import { ConfuError } from '@confu/errors';

/**
 * Read access to the files of a model directory, whatever holds them: a folder on disk (Node),
 * `File` objects picked in a browser, or URLs. Universal code reads checkpoints only through this,
 * and reads ranges so that a header can be validated before a large file is loaded.
 */
export interface FileSource {
  /** File names relative to the model directory, `/`-separated. */
  list(): Promise<readonly string[]>;
  /** Size in bytes. @throws ConfuError `FILE_NOT_FOUND`. */
  size(name: string): Promise<number>;
  /**
   * Reads `[start, end)` (default: the whole file).
   * @throws ConfuError `FILE_NOT_FOUND`, `INVALID_FILE` (range beyond the end).
   */
  read(name: string, range?: { readonly start: number; readonly end: number }): Promise<Uint8Array>;
  /** Human-readable location for error messages (a path or URL). */
  describe(name: string): string;
}

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
