/** One file of a repository listing, with what its download must match. */
export interface HubFile {
  /** Path inside the repository, `/`-separated, checked to stay inside it. */
  readonly path: string;
  readonly size: number;
  /** Git blob id (SHA-1 of `blob <size>\0<bytes>`), for files stored in git. */
  readonly gitOid?: string;
  /** SHA-256 of the content, for files stored with Git LFS. */
  readonly sha256?: string;
}

/** True for a relative `/`-separated path with no empty, `.` or `..` segment. */
export function isSafeRepoPath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0'))
    return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
