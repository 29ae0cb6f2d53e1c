import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfuError } from '@confu/errors';
import { downloadFile } from './download-file.js';
import { fetchRepoListing } from './hub-api.js';
import type { ResolveModelOptions } from './hub-options.js';
import { hubSettings } from './hub-options.js';
import type { HubReference } from './parse-hub-id.js';
import { parseHubId } from './parse-hub-id.js';
import type { Selection } from './select-files.js';
import { selectFiles } from './select-files.js';
import type { RepoCache } from './snapshot-cache.js';
import { openRepoCache } from './snapshot-cache.js';

/** Where a model reference resolved to. */
export interface ResolvedModel {
  /** Local directory with the model files: pass it to `loadModel`. */
  readonly path: string;
  /** `local` path, fresh `hub` listing, or the `cache` alone (offline, or the hub unreachable). */
  readonly source: 'local' | 'hub' | 'cache';
  /** The local file, when the reference named one file rather than a folder. */
  readonly file?: string;
  /** The hub reference and the commit it resolved to (absent for local paths). */
  readonly hub?: HubReference & { readonly commit: string };
}

/**
 * Resolves `--model`: an existing local path is returned as is; otherwise a hub id
 * (`owner/name[@revision][/folder-or-file]`, optionally `hf://`-prefixed) is listed on the hub,
 * its files downloaded once into the cache with size and hash checks, and the snapshot folder
 * returned. Offline (or when the hub cannot be reached), the cache alone answers.
 * @example
 * const { path } = await resolveModel('karpathy/tinyllamas/stories260K');
 * const model = await loadModel(path);
 * @throws ConfuError `FILE_NOT_FOUND` (neither a local path nor a known hub path, or not cached
 * when offline), `INVALID_FILE` (checksum or size mismatch, malformed hub answer),
 * `MODEL_LOAD_FAILED` (the hub is unreachable and nothing is cached).
 */
export async function resolveModel(
  idOrPath: string,
  options: ResolveModelOptions = {},
): Promise<ResolvedModel> {
  const local = idOrPath.startsWith('hf://')
    ? undefined
    : await stat(idOrPath).catch(() => undefined);
  if (local) {
    const path = resolve(idOrPath);
    return local.isDirectory()
      ? { path, source: 'local' }
      : { path: dirname(path), file: path, source: 'local' };
  }
  const parsed = parseHubId(idOrPath);
  if (!parsed) {
    throw new ConfuError(
      'FILE_NOT_FOUND',
      `\`${idOrPath}\` is neither an existing local path nor a hub id (owner/name[@revision][/path])`,
    );
  }
  const reference = { ...parsed, revision: options.revision ?? parsed.revision };
  const settings = hubSettings(options);
  const cache = openRepoCache(settings.cacheDirectory, reference.repo);
  if (settings.offline) {
    const cached = await resolveFromCache(cache, reference);
    if (cached) return cached;
    throw new ConfuError(
      'FILE_NOT_FOUND',
      `${describe(reference)} is not in the cache ${settings.cacheDirectory} and offline mode is on`,
    );
  }
  let listing;
  try {
    listing = await fetchRepoListing(settings, reference.repo, reference.revision, options.signal);
  } catch (error) {
    const unreachable = ConfuError.isInstance(error) && error.code === 'MODEL_LOAD_FAILED';
    const cached = unreachable ? await resolveFromCache(cache, reference) : undefined;
    if (cached) return cached;
    if (ConfuError.isInstance(error) && error.code === 'FILE_NOT_FOUND') {
      throw new ConfuError(
        'FILE_NOT_FOUND',
        `no local path \`${idOrPath}\`, and ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
  const selection = select(listing.files, reference);
  for (const file of selection.files) {
    // Present in the snapshot, or as a blob another snapshot (or another tool) downloaded.
    if ((await cache.has(listing.commit, file)) || (await cache.link(listing.commit, file)))
      continue;
    await downloadFile(settings, {
      url: `${settings.endpoint}/${reference.repo}/resolve/${listing.commit}/${file.path.split('/').map(encodeURIComponent).join('/')}`,
      file,
      target: cache.blobPath(listing.commit, file),
      onProgress: options.onProgress,
      signal: options.signal,
    });
    await cache.link(listing.commit, file);
  }
  await cache.writeRef(reference.revision, listing.commit);
  return toResolved(cache, reference, { commit: listing.commit, selection, source: 'hub' });
}

async function resolveFromCache(
  cache: RepoCache,
  reference: HubReference,
): Promise<ResolvedModel | undefined> {
  const commit = await cache.readRef(reference.revision);
  // What the snapshot holds on disk: this cache's downloads or another Hugging Face tool's.
  const files = commit === undefined ? undefined : await cache.listSnapshot(commit);
  if (commit === undefined || files === undefined) return undefined;
  const selection = selectFiles(files, reference.path);
  if (!selection) return undefined;
  for (const file of selection.files) if (!(await cache.has(commit, file))) return undefined;
  return toResolved(cache, reference, { commit, selection, source: 'cache' });
}

function select(files: Parameters<typeof selectFiles>[0], reference: HubReference): Selection {
  const selection = selectFiles(files, reference.path);
  if (!selection) {
    throw new ConfuError(
      'FILE_NOT_FOUND',
      `${describe(reference)}: no such model file or folder in the repository`,
    );
  }
  return selection;
}

function toResolved(
  cache: RepoCache,
  reference: HubReference,
  found: { commit: string; selection: Selection; source: 'hub' | 'cache' },
): ResolvedModel {
  const { commit, selection, source } = found;
  const snapshot = cache.snapshotDirectory(commit);
  return {
    path: join(snapshot, selection.folder),
    source,
    hub: { ...reference, commit },
    ...(selection.kind === 'file' ? { file: join(snapshot, reference.path) } : {}),
  };
}

function describe(reference: HubReference): string {
  return `${reference.repo}@${reference.revision}${reference.path ? `/${reference.path}` : ''}`;
}
