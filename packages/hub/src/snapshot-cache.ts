import {
  copyFile,
  lstat,
  mkdir,
  readFile,
  readdir,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { HubFile } from './hub-file.js';
import { isSafeRepoPath } from './hub-file.js';

/**
 * The cache of one repository in the Hugging Face layout (`huggingface_hub`, transformers,
 * `@huggingface/hub` share it): `models--owner--name/refs/<revision>` holds a commit id,
 * `blobs/<etag>` the file contents (etag = SHA-256 for LFS files, the git blob id otherwise) and
 * `snapshots/<commit>/<path>` relative symlinks to them. Files other tools downloaded are reused.
 */
export interface RepoCache {
  snapshotDirectory(commit: string): string;
  readRef(revision: string): Promise<string | undefined>;
  writeRef(revision: string, commit: string): Promise<void>;
  /** The files a snapshot holds on disk (whoever put them there), or undefined without one. */
  listSnapshot(commit: string): Promise<HubFile[] | undefined>;
  /** True when the snapshot holds `file` with its listed size. */
  has(commit: string, file: HubFile): Promise<boolean>;
  /** Where a verified download of `file` goes (its blob), or its snapshot path when it has no etag. */
  blobPath(commit: string, file: HubFile): string;
  /** Links the blob of `file` into the snapshot; false when no blob of the right size exists. */
  link(commit: string, file: HubFile): Promise<boolean>;
}

/** Opens the cache of `repo` under `cacheDirectory`. */
export function openRepoCache(cacheDirectory: string, repo: string): RepoCache {
  const root = join(cacheDirectory, `models--${repo.replace('/', '--')}`);
  const snapshotDirectory = (commit: string): string => join(root, 'snapshots', commit);
  const snapshotPath = (commit: string, file: HubFile): string =>
    join(snapshotDirectory(commit), ...file.path.split('/'));
  const etagOf = (file: HubFile): string | undefined => file.sha256 ?? file.gitOid;
  return {
    snapshotDirectory,
    async readRef(revision) {
      if (/^[0-9a-f]{40}$/.test(revision)) return revision;
      const text = await readFile(join(root, 'refs', revision), 'utf8').catch(() => undefined);
      const commit = text?.trim();
      return commit !== undefined && /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
    },
    async writeRef(revision, commit) {
      // No trailing newline, as huggingface_hub writes it.
      if (revision !== commit) await writeAtomically(join(root, 'refs', revision), commit);
    },
    async listSnapshot(commit) {
      const directory = snapshotDirectory(commit);
      const entries = await readdir(directory, { recursive: true }).catch(() => undefined);
      if (!entries) return undefined;
      const files: HubFile[] = [];
      for (const entry of entries) {
        const path = entry.split(sep).join('/');
        const info = await stat(join(directory, entry)).catch(() => undefined);
        if (info?.isFile() && isSafeRepoPath(path)) files.push({ path, size: info.size });
      }
      return files;
    },
    async has(commit, file) {
      const info = await stat(snapshotPath(commit, file)).catch(() => undefined);
      return info?.isFile() === true && info.size === file.size;
    },
    blobPath(commit, file) {
      const etag = etagOf(file);
      return etag === undefined ? snapshotPath(commit, file) : join(root, 'blobs', etag);
    },
    async link(commit, file) {
      const blob = this.blobPath(commit, file);
      const target = snapshotPath(commit, file);
      const info = await stat(blob).catch(() => undefined);
      if (!info?.isFile() || info.size !== file.size) return false;
      if (blob === target) return true;
      await mkdir(dirname(target), { recursive: true });
      if (await lstat(target).catch(() => undefined)) await rm(target, { force: true });
      // A relative link, as huggingface_hub makes; a copy where links are not allowed (Windows).
      await symlink(relative(dirname(target), blob), target).catch(() => copyFile(blob, target));
      return true;
    },
  };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}-${Date.now()}`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}
