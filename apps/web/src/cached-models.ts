/** A hub model whose files Cache Storage holds (one repository at one commit). */
export interface CachedModel {
  /** What to load it by: `owner/name@commit`, plus the folder when all its files share one. */
  readonly hubId: string;
  readonly repo: string;
  readonly commit: string;
  readonly files: readonly string[];
  readonly bytes: number;
  /** The cache keys of its files and of its repository's hub listings. */
  readonly urls: readonly string[];
}

/**
 * The models in `cache` that came from `endpoint`: `@confu/browser` keeps each hub file under its
 * download URL, `{endpoint}/{owner}/{name}/resolve/{commit}/{path}`, and the hub's listings under
 * theirs, `{endpoint}/api/models/{owner}/{name}/…`.
 */
export async function listCachedModels(cache: Cache, endpoint: string): Promise<CachedModel[]> {
  const prefix = `${endpoint.replace(/\/+$/, '')}/`;
  const groups = new Map<string, { repo: string; commit: string; entries: [string, string][] }>();
  const listings = new Map<string, string[]>();
  for (const request of await cache.keys()) {
    if (!request.url.startsWith(prefix)) continue;
    const listing = /^api\/models\/([^/]+)\/([^/]+)\//.exec(request.url.slice(prefix.length));
    if (listing?.[1] && listing[2]) {
      const repo = `${decodeURIComponent(listing[1])}/${decodeURIComponent(listing[2])}`;
      listings.set(repo, [...(listings.get(repo) ?? []), request.url]);
      continue;
    }
    const [owner, name, resolve, commit, ...path] = request.url.slice(prefix.length).split('/');
    if (!owner || !name || resolve !== 'resolve' || !commit || path.length === 0) continue;
    const repo = `${decodeURIComponent(owner)}/${decodeURIComponent(name)}`;
    const key = `${repo}@${commit}`;
    const group = groups.get(key) ?? { repo, commit, entries: [] };
    group.entries.push([path.map(decodeURIComponent).join('/'), request.url]);
    groups.set(key, group);
  }
  const models: CachedModel[] = [];
  for (const { repo, commit, entries } of groups.values()) {
    let bytes = 0;
    for (const [, url] of entries) bytes += (await (await cache.match(url))?.blob())?.size ?? 0;
    const files = entries.map(([path]) => path).sort();
    const folder = commonFolder(files);
    models.push({
      hubId: `${repo}@${commit}${folder ? `/${folder}` : ''}`,
      repo,
      commit,
      files,
      bytes,
      urls: [...entries.map(([, url]) => url), ...(listings.get(repo) ?? [])],
    });
  }
  return models.sort((a, b) => a.hubId.localeCompare(b.hubId));
}

/** Removes a cached model's files and its repository's listings. */
export async function forgetCachedModel(cache: Cache, model: CachedModel): Promise<void> {
  for (const url of model.urls) await cache.delete(url);
}

/** `repo · commit · files · size`, for the picker. */
export function describeCachedModel(model: CachedModel): string {
  const megabytes = (model.bytes / 2 ** 20).toFixed(model.bytes < 10 * 2 ** 20 ? 2 : 0);
  const folder = model.hubId.split('/').slice(2).join('/');
  return `${model.repo}${folder ? `/${folder}` : ''} · ${model.commit.slice(0, 7)} · ${model.files.length} files · ${megabytes} MB`;
}

/** The folder all `paths` share (empty when they share none). */
function commonFolder(paths: readonly string[]): string {
  const folders = paths.map((path) => path.split('/').slice(0, -1));
  const first = folders[0] ?? [];
  let length = 0;
  while (
    length < first.length &&
    folders.every((folder) => folder.length > length && folder[length] === first[length])
  ) {
    length++;
  }
  return first.slice(0, length).join('/');
}
