/** A Hugging Face hub reference: `owner/name[@revision][/path]`. */
export interface HubReference {
  /** `owner/name`. */
  readonly repo: string;
  /** Branch, tag or commit. Default `main`. */
  readonly revision: string;
  /** A file or folder inside the repository; `''` for the whole repository. */
  readonly path: string;
}

const namePattern = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,95})$/;
const revisionPattern = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/;

/**
 * Parses `owner/name`, `owner/name/sub/folder`, `owner/name/file.bin` or `owner/name@rev/...`,
 * optionally prefixed with `hf://`. `undefined` when the text is not shaped like a hub id (an
 * absolute or dot-relative path, `..` segments, odd characters).
 */
export function parseHubId(text: string): HubReference | undefined {
  const body = text.startsWith('hf://') ? text.slice('hf://'.length) : text;
  if (body.includes('\\') || body.includes('//') || body.endsWith('/')) return undefined;
  const [owner, nameAndRevision, ...rest] = body.split('/');
  if (owner === undefined || nameAndRevision === undefined) return undefined;
  const at = nameAndRevision.indexOf('@');
  const name = at === -1 ? nameAndRevision : nameAndRevision.slice(0, at);
  const revision = at === -1 ? 'main' : decodeRevision(nameAndRevision.slice(at + 1));
  if (!isName(owner) || !isName(name) || revision === undefined) return undefined;
  if (rest.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return undefined;
  }
  return { repo: `${owner}/${name}`, revision, path: rest.join('/') };
}

function isName(text: string): boolean {
  return namePattern.test(text) && !text.includes('..');
}

// `refs/pr/1` cannot sit inside the id's path, so it is written with `%2F`.
function decodeRevision(text: string): string | undefined {
  const revision = text.replaceAll('%2F', '/').replaceAll('%2f', '/');
  return revisionPattern.test(revision) && !revision.includes('..') ? revision : undefined;
}
