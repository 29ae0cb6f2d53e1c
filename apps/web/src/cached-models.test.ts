import { describe, expect, it } from 'vitest';
import { describeCachedModel, forgetCachedModel, listCachedModels } from './cached-models.js';

/** The part of Cache Storage the listing uses, over a Map. */
function fakeCache(files: Record<string, string>): Cache {
  const entries = new Map(Object.entries(files));
  return {
    keys: () => Promise.resolve([...entries.keys()].map((url) => new Request(url))),
    match: (url: RequestInfo | URL) => {
      const body = entries.get(String(url));
      return Promise.resolve(body === undefined ? undefined : new Response(body));
    },
    delete: (url: RequestInfo | URL) => Promise.resolve(entries.delete(String(url))),
  } as Cache;
}

const commit = 'a'.repeat(40);
const hub = 'http://127.0.0.1:9/';

describe('listCachedModels', () => {
  it("groups the endpoint's files by repository and commit, with their bytes", async () => {
    const cache = fakeCache({
      [`${hub}api/models/someone/tiny/tree/${commit}?recursive=true`]: '[]',
      [`${hub}someone/tiny/resolve/${commit}/model.bin`]: '12345678',
      [`${hub}someone/tiny/resolve/${commit}/eagle3/model.safetensors`]: '1234',
      [`${hub}other/sub-model/resolve/${commit}/sub/tok.bin`]: '12',
      [`${hub}other/sub-model/resolve/${commit}/sub/model.bin`]: '123',
      [`http://elsewhere/someone/tiny/resolve/${commit}/model.bin`]: '1',
    });

    const models = await listCachedModels(cache, 'http://127.0.0.1:9');

    expect(models.map(({ urls: _urls, ...model }) => model)).toEqual([
      {
        hubId: `other/sub-model@${commit}/sub`,
        repo: 'other/sub-model',
        commit,
        files: ['sub/model.bin', 'sub/tok.bin'],
        bytes: 5,
      },
      {
        hubId: `someone/tiny@${commit}`,
        repo: 'someone/tiny',
        commit,
        files: ['eagle3/model.safetensors', 'model.bin'],
        bytes: 12,
      },
    ]);
    expect(models.map(describeCachedModel)).toEqual([
      'other/sub-model/sub · aaaaaaa · 2 files · 0.00 MB',
      'someone/tiny · aaaaaaa · 2 files · 0.00 MB',
    ]);
  });

  it('forgets the files and listings of one model and keeps the others', async () => {
    const cache = fakeCache({
      [`${hub}api/models/other/model/revision/main`]: '{}',
      [`${hub}other/model/resolve/${commit}/model.bin`]: '1',
      [`${hub}api/models/someone/tiny/revision/main`]: '{}',
      [`${hub}someone/tiny/resolve/${commit}/model.bin`]: '1',
    });
    const [first] = await listCachedModels(cache, hub);

    if (first) await forgetCachedModel(cache, first);

    expect((await cache.keys()).map((request) => request.url)).toEqual([
      `${hub}api/models/someone/tiny/revision/main`,
      `${hub}someone/tiny/resolve/${commit}/model.bin`,
    ]);
  });
});
