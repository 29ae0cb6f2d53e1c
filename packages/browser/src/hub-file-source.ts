import type { FileSource } from '@confu/core';
import { ConfuError } from '@confu/errors';

/** A download progress report. */
export interface FileProgress {
  readonly file: string;
  readonly receivedBytes: number;
  readonly totalBytes: number;
  readonly done: boolean;
}

/** Options of {@link createHubFileSource}. */
export interface HubFileSourceOptions {
  /** Hub or mirror base URL. Default `https://huggingface.co`. */
  readonly endpoint?: string;
  /** Where downloaded files are kept between visits (Cache Storage). Default: none. */
  readonly cache?: Cache;
  readonly onProgress?: (progress: FileProgress) => void;
  readonly signal?: AbortSignal;
  readonly fetch?: typeof globalThis.fetch;
}

interface ListedFile {
  readonly path: string;
  readonly size: number;
  readonly sha256?: string;
}

/**
 * The files of a hub folder (`owner/name[@revision][/folder]`) in the browser: listed once with the
 * hub API, each fetched once (with progress), checked against the listing's size and SHA-256, and
 * kept in `cache` by commit so a later visit loads without downloading; the listings are kept too,
 * and used when the hub cannot be reached, so a cached model loads offline. Subfolders are reachable
 * through {@link HubFolder.subfolder} (a model's own heads).
 * @throws ConfuError `FILE_NOT_FOUND` (unknown id or folder), `INVALID_FILE` (size or hash mismatch).
 */
export async function createHubFileSource(
  hubId: string,
  options: HubFileSourceOptions = {},
): Promise<HubFolder> {
  const match = /^([\w.-]+\/[\w.-]+)(?:@([\w.%/-]+?))?(?:\/(.*))?$/.exec(hubId);
  if (!match?.[1]) {
    throw new ConfuError('INVALID_ARGUMENT', `\`${hubId}\` is not a hub id (owner/name[/folder])`);
  }
  const repo = match[1];
  const revision = decodeURIComponent(match[2] ?? 'main');
  const endpoint = (options.endpoint ?? 'https://huggingface.co').replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const get = async (url: string): Promise<Response> => {
    const response = await fetchImpl(url, options.signal ? { signal: options.signal } : {}).catch(
      (error: unknown) => {
        throw new ConfuError('MODEL_LOAD_FAILED', `cannot reach ${endpoint}`, { cause: error });
      },
    );
    if (!response.ok) {
      throw new ConfuError('FILE_NOT_FOUND', `${url} answered HTTP ${response.status}`);
    }
    return response;
  };
  // Listings are kept in `cache` too, and read from it when the hub cannot be reached (offline).
  const getJson = async (url: string): Promise<unknown> => {
    let response: Response;
    try {
      response = await get(url);
    } catch (error) {
      const cached = await options.cache?.match(url);
      if (!cached || !ConfuError.isInstance(error) || error.code !== 'MODEL_LOAD_FAILED') {
        throw error;
      }
      return cached.json();
    }
    const text = await response.text();
    await options.cache?.put(url, new Response(text));
    return JSON.parse(text) as unknown;
  };
  // A full commit id needs no resolving.
  const info = /^[0-9a-f]{40}$/.test(revision)
    ? { sha: revision }
    : ((await getJson(
        `${endpoint}/api/models/${repo}/revision/${encodeURIComponent(revision)}`,
      )) as { sha?: unknown });
  const commit = typeof info.sha === 'string' ? info.sha : revision;
  const listing = (await getJson(
    `${endpoint}/api/models/${repo}/tree/${commit}?recursive=true`,
  )) as Array<{
    type?: string;
    path?: string;
    size?: number;
    lfs?: { oid?: string };
  }>;
  const all: ListedFile[] = listing
    .filter((entry) => entry.type === 'file' && typeof entry.path === 'string')
    .map((entry) => ({
      path: entry.path as string,
      size: entry.size ?? 0,
      ...(typeof entry.lfs?.oid === 'string' ? { sha256: entry.lfs.oid } : {}),
    }));
  const open = (folder: string): HubFolder => {
    const prefix = folder === '' ? '' : `${folder}/`;
    const files = new Map(
      all
        .filter((file) => file.path.startsWith(prefix))
        .map((file) => [file.path.slice(prefix.length), file]),
    );
    if (files.size === 0) {
      throw new ConfuError('FILE_NOT_FOUND', `${repo}/${folder}: no such folder on ${endpoint}`);
    }
    const pending = new Map<string, Promise<Uint8Array>>();
    const urlOf = (file: ListedFile): string =>
      `${endpoint}/${repo}/resolve/${commit}/${file.path.split('/').map(encodeURIComponent).join('/')}`;
    const whole = (name: string): Promise<Uint8Array> => {
      const file = files.get(name);
      if (!file)
        throw new ConfuError('FILE_NOT_FOUND', `${repo}/${prefix}${name} is not in the repository`);
      let bytes = pending.get(name);
      if (!bytes) {
        bytes = fetchVerified(file, urlOf(file), { ...options, get });
        pending.set(name, bytes);
        bytes.catch(() => pending.delete(name));
      }
      return bytes;
    };
    return {
      commit,
      hasFolder: (name) => all.some((file) => file.path.startsWith(`${prefix}${name}/`)),
      subfolder: (name) => open(`${prefix}${name}`),
      list: () => Promise.resolve([...files.keys()].sort()),
      size: (name) =>
        Promise.resolve().then(() => {
          const file = files.get(name);
          if (!file)
            throw new ConfuError(
              'FILE_NOT_FOUND',
              `${repo}/${prefix}${name} is not in the repository`,
            );
          return file.size;
        }),
      async read(name, range) {
        const bytes = await whole(name);
        if (!range) return bytes;
        if (range.start < 0 || range.end < range.start || range.end > bytes.length) {
          throw new ConfuError(
            'INVALID_FILE',
            `${repo}/${prefix}${name}: range beyond its ${bytes.length} bytes`,
          );
        }
        return bytes.subarray(range.start, range.end);
      },
      describe: (name) => `${repo}/${prefix}${name}`,
    };
  };
  return open(match[3] ?? '');
}

/** A hub folder as a {@link FileSource}, with its subfolders. */
export interface HubFolder extends FileSource {
  readonly commit: string;
  hasFolder(name: string): boolean;
  subfolder(name: string): HubFolder;
}

async function fetchVerified(
  file: ListedFile,
  url: string,
  options: HubFileSourceOptions & { get: (url: string) => Promise<Response> },
): Promise<Uint8Array> {
  const cached = await options.cache?.match(url);
  const response = cached ?? (await options.get(url));
  const reader = response.body?.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  const report = (done: boolean): void =>
    options.onProgress?.({ file: file.path, receivedBytes: received, totalBytes: file.size, done });
  for (;;) {
    if (!reader) break;
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.byteLength;
    report(false);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  if (bytes.byteLength !== file.size) {
    throw new ConfuError(
      'INVALID_FILE',
      `${file.path}: got ${bytes.byteLength} bytes, expected ${file.size}`,
    );
  }
  if (file.sha256) {
    const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
    const hex = [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    if (hex !== file.sha256)
      throw new ConfuError('INVALID_FILE', `${file.path}: checksum mismatch`);
  }
  if (!cached) await options.cache?.put(url, new Response(bytes));
  report(true);
  return bytes;
}
