import { ConfuError } from '@confu/errors';
import type { HubFile } from './hub-file.js';
import { isSafeRepoPath } from './hub-file.js';
import type { HubSettings } from './hub-options.js';

/** The commit a revision points to and the files it holds. */
export interface RepoListing {
  readonly commit: string;
  readonly files: readonly HubFile[];
}

const maxPages = 100;

/**
 * Asks the hub which commit `revision` is and lists every file of that commit (the
 * `/api/models/{repo}/revision/{rev}` and paginated `/tree/{commit}?recursive=true` endpoints).
 * @throws ConfuError `FILE_NOT_FOUND` (repository or revision unknown, or not accessible),
 * `INVALID_FILE` (a malformed answer), `MODEL_LOAD_FAILED` (network or server failure).
 */
export async function fetchRepoListing(
  settings: HubSettings,
  repo: string,
  revision: string,
  signal?: AbortSignal,
): Promise<RepoListing> {
  const base = `${settings.endpoint}/api/models/${repo}`;
  const info = await fetchJson(
    settings,
    `${base}/revision/${encodeURIComponent(revision)}`,
    signal,
  );
  const commit = isRecord(info) ? info['sha'] : undefined;
  if (typeof commit !== 'string' || !/^[0-9a-f]{40}$/.test(commit)) {
    throw new ConfuError(
      'INVALID_FILE',
      `${repo}@${revision}: the hub answered without a commit id`,
    );
  }
  const files: HubFile[] = [];
  let url: string | undefined = `${base}/tree/${commit}?recursive=true`;
  for (let page = 0; url !== undefined; page++) {
    if (page === maxPages)
      throw new ConfuError('INVALID_FILE', `${repo}: file listing has too many pages`);
    const response = await request(settings, url, signal);
    const entries: unknown = await response.json().catch(() => undefined);
    if (!Array.isArray(entries))
      throw new ConfuError('INVALID_FILE', `${repo}: malformed file listing`);
    for (const entry of entries) {
      const file = toHubFile(entry, repo);
      if (file) files.push(file);
    }
    url = nextPage(response.headers.get('link'), url);
    // The token goes with every page, so a page may not lead off the endpoint.
    if (url !== undefined && new URL(url).origin !== new URL(settings.endpoint).origin) {
      throw new ConfuError('INVALID_FILE', `${repo}: file listing points to another host`);
    }
  }
  return { commit, files };
}

/**
 * GETs `url` with the token, following redirects (fetch drops `Authorization` when a redirect
 * leaves the origin, so a CDN never sees the token).
 */
export async function request(
  settings: HubSettings,
  url: string,
  signal?: AbortSignal,
): Promise<Response> {
  let response: Response;
  try {
    response = await settings.fetch(url, {
      headers: settings.token ? { authorization: `Bearer ${settings.token}` } : {},
      redirect: 'follow',
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new ConfuError(
      'MODEL_LOAD_FAILED',
      `cannot reach ${settings.endpoint} (${describe(error)}); use the offline mode to load from the cache`,
      { cause: error },
    );
  }
  if (response.ok) return response;
  await response.body?.cancel();
  const where = url.replace(settings.endpoint, '');
  if ([401, 403, 404].includes(response.status)) {
    throw new ConfuError(
      'FILE_NOT_FOUND',
      `${where}: not found on ${settings.endpoint} (HTTP ${response.status}); check the id, or set HF_TOKEN for a gated or private repository`,
    );
  }
  throw new ConfuError(
    'MODEL_LOAD_FAILED',
    `${where}: ${settings.endpoint} answered HTTP ${response.status}`,
  );
}

async function fetchJson(
  settings: HubSettings,
  url: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const response = await request(settings, url, signal);
  return response.json().catch(() => undefined);
}

function toHubFile(entry: unknown, repo: string): HubFile | undefined {
  if (!isRecord(entry) || entry['type'] !== 'file') return undefined;
  const { path, size, oid, lfs } = entry;
  if (
    typeof path !== 'string' ||
    !isSafeRepoPath(path) ||
    !Number.isSafeInteger(size) ||
    (size as number) < 0
  ) {
    throw new ConfuError(
      'INVALID_FILE',
      `${repo}: file listing has an invalid entry ${JSON.stringify(path)}`,
    );
  }
  const sha256 = isRecord(lfs) && typeof lfs['oid'] === 'string' ? lfs['oid'] : undefined;
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256)) {
    throw new ConfuError('INVALID_FILE', `${repo}: ${path} has a malformed LFS hash`);
  }
  const gitOid = typeof oid === 'string' && /^[0-9a-f]{40}$/.test(oid) ? oid : undefined;
  return {
    path,
    size: size as number,
    ...(sha256 ? { sha256 } : gitOid ? { gitOid } : {}),
  };
}

// `Link: <https://…/tree/…?cursor=…>; rel="next"`, resolved against the page URL.
function nextPage(link: string | null, current: string): string | undefined {
  const match = link?.match(/<([^>]+)>\s*;\s*rel="?next"?/);
  return match?.[1] === undefined ? undefined : new URL(match[1], current).href;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  const cause =
    error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}
