import { startFakeHub } from '@confu/hub/testing';
import type { FakeHub } from '@confu/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubFileSource } from './hub-file-source.js';

/** Cache Storage's `match` / `put` over a Map (Node has no Cache Storage). */
function memoryCache(): Cache {
  const entries = new Map<string, Uint8Array>();
  return {
    match: async (url: RequestInfo | URL) => {
      const bytes = entries.get(String(url));
      return bytes ? new Response(bytes) : undefined;
    },
    put: async (url: RequestInfo | URL, response: Response) => {
      entries.set(String(url), new Uint8Array(await response.arrayBuffer()));
    },
  } as Cache;
}

const unreachable = (): Promise<Response> => Promise.reject(new TypeError('fetch failed'));

let hub: FakeHub;

beforeAll(async () => {
  hub = await startFakeHub({
    repos: { 'someone/tiny': { files: { 'model.bin': 'weights', 'eagle3/config.json': '{}' } } },
  });
});
afterAll(() => hub.close());

describe('createHubFileSource with a cache', () => {
  it('loads a cached model again, by revision or commit, when the hub cannot be reached', async () => {
    const cache = memoryCache();
    const online = await createHubFileSource('someone/tiny', { endpoint: hub.endpoint, cache });
    await online.read('model.bin');
    await online.subfolder('eagle3').read('config.json');

    const offline = await createHubFileSource('someone/tiny', {
      endpoint: hub.endpoint,
      cache,
      fetch: unreachable,
    });
    const pinned = await createHubFileSource(`someone/tiny@${online.commit}`, {
      endpoint: hub.endpoint,
      cache,
      fetch: unreachable,
    });

    expect(await pinned.list()).toEqual(await online.list());
    expect({
      commit: offline.commit,
      files: await offline.list(),
      model: new TextDecoder().decode(await offline.read('model.bin')),
      head: new TextDecoder().decode(await offline.subfolder('eagle3').read('config.json')),
    }).toEqual({
      commit: online.commit,
      files: ['eagle3/config.json', 'model.bin'],
      model: 'weights',
      head: '{}',
    });
  });

  it('still fails naming the hub when nothing is cached', async () => {
    const failure = await createHubFileSource('someone/tiny', {
      endpoint: hub.endpoint,
      cache: memoryCache(),
      fetch: unreachable,
    }).catch((error: unknown) => error);

    expect(failure).toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: `cannot reach ${hub.endpoint}`,
    });
  });
});
