import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHubCacheDirectory } from './hub-options.js';
import { resolveModel } from './resolve-model.js';
import { startFakeHub } from './testing/fake-hub.js';
import type { FakeHub } from './testing/fake-hub.js';

const weights = new Uint8Array(4096).map((_, index) => (index * 7) % 256);
const repos = {
  'someone/tiny': {
    files: { 'model/weights.safetensors': weights, 'model/config.json': '{"a":1}' },
  },
};

let hub: FakeHub;
let scratch: string;
beforeAll(async () => {
  hub = await startFakeHub({ repos });
  scratch = await mkdtemp(join(tmpdir(), 'confu-hf-cache-'));
});
afterAll(async () => {
  await hub.close();
  await rm(scratch, { recursive: true, force: true });
});
const downloads = (): string[] =>
  hub.requests.filter((path) => path.includes('/resolve/') || path.startsWith('/cdn/'));
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('the Hugging Face cache layout', () => {
  it('stores blobs by etag, links them into the snapshot and writes refs/main', async () => {
    const cacheDirectory = join(scratch, 'written');

    const resolved = await resolveModel('someone/tiny/model', {
      endpoint: hub.endpoint,
      cacheDirectory,
    });

    const repo = join(cacheDirectory, 'models--someone--tiny');
    const commit = resolved.hub?.commit ?? '';
    const link = join(repo, 'snapshots', commit, 'model', 'weights.safetensors');
    expect(await readFile(join(repo, 'refs', 'main'), 'utf8')).toBe(commit);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(join('..', '..', '..', 'blobs', sha256(weights)));
    expect(new Uint8Array(await readFile(join(resolved.path, 'weights.safetensors')))).toEqual(
      weights,
    );
  });

  it('reuses a snapshot another tool left (plain files, no listing of ours), online and offline', async () => {
    const cacheDirectory = join(scratch, 'foreign');
    const listing = await resolveModel('someone/tiny/model', {
      endpoint: hub.endpoint,
      cacheDirectory: join(scratch, 'probe'),
    });
    const commit = listing.hub?.commit ?? '';
    const repo = join(cacheDirectory, 'models--someone--tiny');
    await mkdir(join(repo, 'snapshots', commit, 'model'), { recursive: true });
    await mkdir(join(repo, 'refs'), { recursive: true });
    await writeFile(join(repo, 'refs', 'main'), commit);
    await writeFile(join(repo, 'snapshots', commit, 'model', 'weights.safetensors'), weights);
    await writeFile(join(repo, 'snapshots', commit, 'model', 'config.json'), '{"a":1}');
    hub.requests.length = 0;

    const online = await resolveModel('someone/tiny/model', {
      endpoint: hub.endpoint,
      cacheDirectory,
    });
    const offline = await resolveModel('someone/tiny/model', { offline: true, cacheDirectory });

    expect(downloads()).toEqual([]);
    expect([online.path, offline.path]).toEqual([
      join(repo, 'snapshots', commit, 'model'),
      join(repo, 'snapshots', commit, 'model'),
    ]);
    expect(offline.source).toBe('cache');
  });

  it('links a blob another snapshot already holds instead of downloading it again', async () => {
    const cacheDirectory = join(scratch, 'shared-blob');
    await resolveModel('someone/tiny/model', { endpoint: hub.endpoint, cacheDirectory });
    const cached = await resolveModel('someone/tiny/model', { offline: true, cacheDirectory });
    await rm(join(cached.path, 'weights.safetensors'));
    hub.requests.length = 0;

    await resolveModel('someone/tiny/model', { endpoint: hub.endpoint, cacheDirectory });

    expect(downloads()).toEqual([]);
  });
});

describe('defaultHubCacheDirectory', () => {
  it('follows huggingface_hub: HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, HF_HOME, XDG_CACHE_HOME, ~/.cache', () => {
    expect([
      defaultHubCacheDirectory({ HF_HUB_CACHE: '/a', HF_HOME: '/b' }),
      defaultHubCacheDirectory({ HUGGINGFACE_HUB_CACHE: '/c', HF_HOME: '/b' }),
      defaultHubCacheDirectory({ HF_HOME: '/b', XDG_CACHE_HOME: '/x' }),
      defaultHubCacheDirectory({ XDG_CACHE_HOME: '/x' }),
      defaultHubCacheDirectory({}),
    ]).toEqual([
      '/a',
      '/c',
      '/b/hub',
      '/x/huggingface/hub',
      join(homedir(), '.cache', 'huggingface', 'hub'),
    ]);
  });
});
