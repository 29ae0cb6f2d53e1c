import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveModel } from './resolve-model.js';
import type { DownloadProgress } from './hub-options.js';
import { startFakeHub } from './testing/fake-hub.js';
import type { FakeHub } from './testing/fake-hub.js';

const weights = new Uint8Array(200_000).map((_, index) => (index * 31) % 251);
const repos = {
  'karpathy/tinyllamas': {
    files: {
      'README.md': '# tiny',
      'stories260K/stories260K.bin': weights,
      'stories260K/tok512.bin': new Uint8Array([1, 2, 3, 4]),
      'stories15M.bin': new Uint8Array([9, 9]),
    },
    // tok512.bin stays a git file, so both hash kinds (git blob id, LFS SHA-256) are checked.
    isLfs: (path: string) => path.endsWith('stories260K.bin') || path === 'stories15M.bin',
  },
};

let hub: FakeHub;
let cacheDirectory: string;
const environment = {};
const downloads = (): string[] =>
  hub.requests.filter((path) => path.includes('/resolve/') || path.startsWith('/cdn/'));

beforeAll(async () => {
  hub = await startFakeHub({ repos, pageSize: 2 });
});
afterAll(() => hub.close());
afterEach(async () => {
  hub.requests.length = 0;
  await rm(cacheDirectory, { recursive: true, force: true });
});
const freshCache = async (): Promise<string> => {
  cacheDirectory = await mkdtemp(join(tmpdir(), 'confu-hub-'));
  return cacheDirectory;
};

describe('resolveModel', () => {
  it('downloads a hub folder once into the cache and then reuses it', async () => {
    const options = { endpoint: hub.endpoint, cacheDirectory: await freshCache(), environment };

    const first = await resolveModel('karpathy/tinyllamas/stories260K', options);
    const firstDownloads = downloads().length;
    const second = await resolveModel('karpathy/tinyllamas/stories260K', options);

    expect(first).toMatchObject({
      source: 'hub',
      hub: { repo: 'karpathy/tinyllamas', path: 'stories260K' },
    });
    expect((await readdir(first.path)).sort()).toEqual(['stories260K.bin', 'tok512.bin']);
    expect(new Uint8Array(await readFile(join(first.path, 'stories260K.bin')))).toEqual(weights);
    expect(firstDownloads).toBe(3); // a git file, and an LFS file through its redirect
    expect(second.path).toBe(first.path);
    expect(downloads()).toHaveLength(firstDownloads);
  });

  it('resolves a file reference to its folder with the tokenizer beside it', async () => {
    const resolved = await resolveModel('karpathy/tinyllamas/stories260K/stories260K.bin', {
      endpoint: hub.endpoint,
      cacheDirectory: await freshCache(),
      environment,
    });

    expect(resolved.file).toBe(join(resolved.path, 'stories260K.bin'));
    expect((await readdir(resolved.path)).sort()).toEqual(['stories260K.bin', 'tok512.bin']);
  });

  it('reports progress up to the full size of each file', async () => {
    const events: DownloadProgress[] = [];

    await resolveModel('karpathy/tinyllamas/stories260K', {
      endpoint: hub.endpoint,
      cacheDirectory: await freshCache(),
      environment,
      onProgress: (event) => events.push(event),
    });

    const done = events.filter((event) => event.done);
    expect(done.map((event) => [event.file, event.receivedBytes])).toEqual([
      ['stories260K/stories260K.bin', weights.length],
      ['stories260K/tok512.bin', 4],
    ]);
    expect(events.filter((event) => !event.done).length).toBeGreaterThan(0);
  });

  it('rejects a corrupted download and leaves nothing in the cache', async () => {
    const corrupt = await startFakeHub({
      repos,
      tamper: (path, bytes) =>
        path.endsWith('tok512.bin') ? bytes.map((byte, i) => (i === 2 ? byte ^ 1 : byte)) : bytes,
    });
    const options = { endpoint: corrupt.endpoint, cacheDirectory: await freshCache(), environment };

    await expect(resolveModel('karpathy/tinyllamas/stories260K', options)).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringContaining('checksum mismatch'),
    });
    await corrupt.close();
    const snapshots = join(cacheDirectory, 'models--karpathy--tinyllamas', 'snapshots');
    const [commit] = await readdir(snapshots);
    expect(await readdir(join(snapshots, commit ?? '', 'stories260K'))).toEqual([
      'stories260K.bin',
    ]);
    await expect(
      resolveModel('karpathy/tinyllamas/stories260K', { ...options, offline: true }),
    ).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });

  it('answers from the cache offline, and fails without network access when not cached', async () => {
    const options = { endpoint: hub.endpoint, cacheDirectory: await freshCache(), environment };
    await expect(
      resolveModel('karpathy/tinyllamas/stories260K', { ...options, offline: true }),
    ).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: expect.stringContaining('offline'),
    });
    expect(hub.requests).toEqual([]);
    const online = await resolveModel('karpathy/tinyllamas/stories260K', options);
    hub.requests.length = 0;

    const offline = await resolveModel('karpathy/tinyllamas/stories260K', {
      cacheDirectory,
      environment: { HF_HUB_OFFLINE: '1', HF_ENDPOINT: hub.endpoint },
    });

    expect(offline).toMatchObject({ source: 'cache', path: online.path });
    expect(hub.requests).toEqual([]);
  });

  it('falls back to the cache when the hub cannot be reached', async () => {
    const options = { endpoint: hub.endpoint, cacheDirectory: await freshCache(), environment };
    const online = await resolveModel('karpathy/tinyllamas/stories260K', options);

    const fallback = await resolveModel('karpathy/tinyllamas/stories260K', {
      ...options,
      endpoint: 'http://127.0.0.1:9',
    });

    expect(fallback).toMatchObject({ source: 'cache', path: online.path });
    await expect(
      resolveModel('karpathy/tinyllamas/stories15M.bin', {
        ...options,
        endpoint: 'http://127.0.0.1:9',
      }),
    ).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
  });

  it('fails with FILE_NOT_FOUND for unknown repositories, paths and non-ids', async () => {
    const options = { endpoint: hub.endpoint, cacheDirectory: await freshCache(), environment };

    await expect(resolveModel('nobody/nothing', options)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    await expect(resolveModel('karpathy/tinyllamas/missing', options)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    await expect(resolveModel('./no/such/dir', options)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });

  it('returns an existing local path without touching the hub', async () => {
    const directory = await freshCache();

    const resolved = await resolveModel(directory, { endpoint: hub.endpoint, environment });

    expect(resolved).toEqual({ path: directory, source: 'local' });
    expect(hub.requests).toEqual([]);
  });

  it('sends the token, and names HF_TOKEN when the hub refuses', async () => {
    const gated = await startFakeHub({ repos, token: 'hf_secret' });
    const options = { endpoint: gated.endpoint, cacheDirectory: await freshCache(), environment };

    await expect(resolveModel('karpathy/tinyllamas/stories260K', options)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: expect.stringContaining('HF_TOKEN'),
    });
    await expect(
      resolveModel('karpathy/tinyllamas/stories260K', { ...options, token: 'hf_secret' }),
    ).resolves.toMatchObject({
      source: 'hub',
    });
    await gated.close();
  });
});
