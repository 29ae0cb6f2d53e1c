import { ConfuError } from '@confu/errors';
import type { FileSource } from '@confu/core';

/**
 * A {@link FileSource} over files served under `baseUrl` (a model folder on a web server). The file
 * list must be given, since HTTP cannot list a folder. Each file is fetched once and kept.
 */
export function createUrlFileSource(
  baseUrl: string,
  files: readonly string[],
  fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis),
): FileSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const urlOf = (name: string): string => new URL(name, base).toString();
  const cache = new Map<string, Promise<Uint8Array>>();
  const whole = (name: string): Promise<Uint8Array> => {
    let pending = cache.get(name);
    if (!pending) {
      pending = fetchChecked(name).then(
        async (response) => new Uint8Array(await response.arrayBuffer()),
      );
      cache.set(name, pending);
    }
    return pending;
  };
  const fetchChecked = async (name: string, init?: RequestInit): Promise<Response> => {
    if (!files.includes(name))
      throw new ConfuError('FILE_NOT_FOUND', `${urlOf(name)} is not in the file list`);
    const response = await fetchImpl(urlOf(name), init).catch((error: unknown) => {
      throw new ConfuError('FILE_NOT_FOUND', `cannot fetch ${urlOf(name)}`, { cause: error });
    });
    if (!response.ok && response.status !== 206) {
      throw new ConfuError('FILE_NOT_FOUND', `${urlOf(name)} answered HTTP ${response.status}`);
    }
    return response;
  };
  return {
    list: () => Promise.resolve([...files].sort()),
    size: async (name) => (await whole(name)).length,
    async read(name, range) {
      const bytes = await whole(name);
      if (!range) return bytes;
      if (range.start < 0 || range.end < range.start || range.end > bytes.length) {
        throw new ConfuError(
          'INVALID_FILE',
          `${urlOf(name)}: range [${range.start}, ${range.end}) is beyond its ${bytes.length} bytes`,
        );
      }
      return bytes.subarray(range.start, range.end);
    },
    describe: urlOf,
  };
}
