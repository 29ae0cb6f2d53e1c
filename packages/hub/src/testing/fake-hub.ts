import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One repository of a {@link startFakeHub} server. */
export interface FakeRepo {
  /** Path inside the repository → content. */
  readonly files: Readonly<Record<string, Uint8Array | string>>;
  /** Which files are listed as Git LFS files (served through a redirect). Default: `.bin` and `.safetensors`. */
  readonly isLfs?: (path: string) => boolean;
}

/** Options of {@link startFakeHub}. */
export interface FakeHubOptions {
  readonly repos: Readonly<Record<string, FakeRepo>>;
  /** Entries per listing page (the rest via a `Link: rel="next"` header). Default: all. */
  readonly pageSize?: number;
  /** Changes served bytes, e.g. to simulate corruption on the wire. */
  readonly tamper?: (path: string, bytes: Uint8Array) => Uint8Array;
  /** Required `Authorization: Bearer` token; requests without it get 401. */
  readonly token?: string;
}

/** A running fake hub. */
export interface FakeHub {
  /** Base URL to pass as `endpoint`. */
  readonly endpoint: string;
  /** Request paths served so far, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 that answers like the Hugging Face hub for the given
 * repositories: `/api/models/{repo}/revision/{rev}`, `/api/models/{repo}/tree/{commit}`
 * (recursive, paginated) and `/{repo}/resolve/{rev}/{path}`, LFS files through a redirect to
 * `/cdn/{sha256}` as the real hub does. For tests of model resolution without the network.
 */
export async function startFakeHub(options: FakeHubOptions): Promise<FakeHub> {
  const repos = new Map(
    Object.entries(options.repos).map(([name, repo]) => [name, describeRepo(repo)]),
  );
  const blobs = new Map<string, { path: string; bytes: Uint8Array }>();
  for (const repo of repos.values()) {
    for (const entry of repo.entries) if (entry.sha256) blobs.set(entry.sha256, entry);
  }
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(url.pathname + url.search);
    const send = (
      status: number,
      body: string | Uint8Array,
      headers: Record<string, string> = {},
    ): void => {
      // Any origin, as the real hub allows, so browser tests can load from it.
      response
        .writeHead(status, {
          'access-control-allow-origin': '*',
          'access-control-expose-headers': 'link, content-length',
          ...headers,
        })
        .end(body);
    };
    if (
      options.token &&
      request.headers.authorization !== `Bearer ${options.token}` &&
      !url.pathname.startsWith('/cdn/')
    ) {
      return send(401, JSON.stringify({ error: 'Invalid credentials' }));
    }
    const blob = url.pathname.match(/^\/cdn\/([0-9a-f]{64})$/);
    if (blob?.[1]) {
      const found = blobs.get(blob[1]);
      return found ? send(200, tampered(options, found)) : send(404, 'not found');
    }
    const api = url.pathname.match(/^\/api\/models\/([^/]+\/[^/]+)\/(revision|tree)\/([^/]+)$/);
    const apiRepo = api?.[1] === undefined ? undefined : repos.get(api[1]);
    if (api && apiRepo) {
      if (api[2] === 'revision') {
        const revision = decodeURIComponent(api[3] ?? '');
        return revision === 'main' || revision === apiRepo.commit
          ? send(
              200,
              JSON.stringify({
                id: api[1],
                sha: apiRepo.commit,
                siblings: apiRepo.entries.map((entry) => ({ rfilename: entry.path })),
              }),
            )
          : send(404, JSON.stringify({ error: 'Revision Not Found' }));
      }
      if (api[3] !== apiRepo.commit)
        return send(404, JSON.stringify({ error: 'Revision Not Found' }));
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const size = options.pageSize ?? apiRepo.listing.length;
      const next =
        start + size < apiRepo.listing.length
          ? `<${url.pathname}?recursive=true&cursor=${start + size}>; rel="next"`
          : undefined;
      return send(
        200,
        JSON.stringify(apiRepo.listing.slice(start, start + size)),
        next ? { link: next } : {},
      );
    }
    const resolve = url.pathname.match(/^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/);
    const fileRepo = resolve?.[1] === undefined ? undefined : repos.get(resolve[1]);
    const path =
      resolve?.[3] === undefined
        ? undefined
        : resolve[3].split('/').map(decodeURIComponent).join('/');
    const entry = fileRepo?.entries.find((candidate) => candidate.path === path);
    if (!fileRepo || !entry || (resolve?.[2] !== 'main' && resolve?.[2] !== fileRepo.commit)) {
      return send(404, JSON.stringify({ error: 'Entry not found' }));
    }
    if (entry.sha256) return send(302, '', { location: `/cdn/${entry.sha256}` });
    return send(200, tampered(options, entry));
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

interface RepoEntry {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly sha256?: string;
}

function describeRepo(repo: FakeRepo): { commit: string; entries: RepoEntry[]; listing: object[] } {
  const isLfs =
    repo.isLfs ?? ((path: string) => path.endsWith('.bin') || path.endsWith('.safetensors'));
  const entries: RepoEntry[] = Object.entries(repo.files).map(([path, content]) => {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    return isLfs(path)
      ? { path, bytes, sha256: createHash('sha256').update(bytes).digest('hex') }
      : { path, bytes };
  });
  const folders = new Set(entries.flatMap((entry) => parents(entry.path)));
  const listing: object[] = [
    ...[...folders].map((path) => ({ type: 'directory', oid: sha1(path), size: 0, path })),
    ...entries.map((entry) => ({
      type: 'file',
      path: entry.path,
      size: entry.bytes.byteLength,
      oid: entry.sha256 ? sha1(`pointer ${entry.sha256}`) : gitBlobId(entry.bytes),
      ...(entry.sha256
        ? { lfs: { oid: entry.sha256, size: entry.bytes.byteLength, pointerSize: 134 } }
        : {}),
    })),
  ];
  return { commit: sha1(JSON.stringify(listing)), entries, listing };
}

function tampered(options: FakeHubOptions, entry: RepoEntry): Uint8Array {
  return options.tamper ? options.tamper(entry.path, entry.bytes) : entry.bytes;
}

function parents(path: string): string[] {
  const segments = path.split('/').slice(0, -1);
  return segments.map((_, index) => segments.slice(0, index + 1).join('/'));
}

function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
