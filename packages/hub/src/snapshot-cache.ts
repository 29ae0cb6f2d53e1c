import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { HubFile } from './hub-file.js';
import { isSafeRepoPath } from './hub-file.js';

/**
 * The on-disk cache of one repository, laid out like `huggingface_hub`'s:
 * `models--owner--name/refs/<revision>` holds a commit id, `snapshots/<commit>/` the files, and
 * `manifests/<commit>.json` the commit's listing (so offline runs know what a folder holds).
 */
export interface RepoCache {
  snapshotDirectory(commit: string): string;
  readRef(revision: string): Promise<string | undefined>;
  writeRef(revision: string, commit: string): Promise<void>;
  readManifest(commit: string): Promise<HubFile[] | undefined>;
  writeManifest(commit: string, files: readonly HubFile[]): Promise<void>;
  /** True when the snapshot holds `file` with its listed size (verified when it was downloaded). */
  has(commit: string, file: HubFile): Promise<boolean>;
}

/** Opens the cache of `repo` under `cacheDirectory`. */
export function openRepoCache(cacheDirectory: string, repo: string): RepoCache {
  const root = join(cacheDirectory, `models--${repo.replace('/', '--')}`);
  const snapshotDirectory = (commit: string): string => join(root, 'snapshots', commit);
  return {
    snapshotDirectory,
    async readRef(revision) {
      if (/^[0-9a-f]{40}$/.test(revision)) return revision;
      const text = await readFile(join(root, 'refs', revision), 'utf8').catch(() => undefined);
      const commit = text?.trim();
      return commit !== undefined && /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
    },
    async writeRef(revision, commit) {
      if (revision !== commit) await writeAtomically(join(root, 'refs', revision), commit);
    },
    async readManifest(commit) {
      const text = await readFile(join(root, 'manifests', `${commit}.json`), 'utf8').catch(
        () => undefined,
      );
      return text === undefined ? undefined : parseManifest(text);
    },
    async writeManifest(commit, files) {
      await writeAtomically(join(root, 'manifests', `${commit}.json`), JSON.stringify({ files }));
    },
    async has(commit, file) {
      const info = await stat(join(snapshotDirectory(commit), file.path)).catch(() => undefined);
      return info?.isFile() === true && info.size === file.size;
    },
  };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}-${Date.now()}`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

// A damaged manifest is treated as absent, never trusted.
function parseManifest(text: string): HubFile[] | undefined {
  try {
    const value = JSON.parse(text) as { files?: unknown };
    if (!Array.isArray(value.files)) return undefined;
    const files = value.files as HubFile[];
    const valid = files.every(
      (file) =>
        typeof file === 'object' &&
        file !== null &&
        typeof file.path === 'string' &&
        isSafeRepoPath(file.path) &&
        Number.isSafeInteger(file.size),
    );
    return valid ? files : undefined;
  } catch {
    return undefined;
  }
}
