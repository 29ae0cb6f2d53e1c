import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectSources,
  hubCspPlugin,
  hubSettingsFromEnvironment,
} from '../vite/hub-csp-plugin.js';
import { servedModelsIndex, servedPathOf } from '../vite/repository-models-plugin.js';

let scratch: string;
let models: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'confu-web-models-'));
  models = join(scratch, 'repo/models');
  for (const [path, content] of Object.entries({
    'shared/models/tiny/tiny.bin': 'model',
    'shared/models/tiny/tok512.bin': 'tokenizer',
    'shared/models/tiny/README.md': 'left out',
    'repo/models/tiny-eagle3/config.json': '{}',
    'repo/models/tiny-eagle3/model.safetensors': 'head',
    'repo/models/own/model.safetensors': 'model',
    'repo/models/own/eagle3/model.safetensors': 'own head',
    'repo/models/default.json': JSON.stringify({
      model: '../../shared/models/tiny',
      heads: { eagle3: 'tiny-eagle3' },
    }),
  })) {
    await mkdir(join(scratch, path, '..'), { recursive: true });
    await writeFile(join(scratch, path), content);
  }
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('repositoryModelsPlugin', () => {
  it("indexes models/default.json's model (served under its name) and its heads", () => {
    expect(servedModelsIndex(models)).toEqual({
      models: [
        {
          name: 'tiny',
          isDefault: true,
          url: '/models/tiny/',
          files: ['tiny.bin', 'tok512.bin'],
          heads: {
            eagle3: { url: '/models/tiny-eagle3/', files: ['config.json', 'model.safetensors'] },
          },
        },
      ],
    });
  });

  it("takes a model's own eagle3/ folder as its head when default.json names none", async () => {
    await writeFile(join(models, 'default.json'), JSON.stringify({ model: 'own' }));
    try {
      expect(servedModelsIndex(models).models[0]?.heads).toEqual({
        eagle3: { url: '/models/own/eagle3/', files: ['model.safetensors'] },
      });
    } finally {
      await writeFile(
        join(models, 'default.json'),
        JSON.stringify({ model: '../../shared/models/tiny', heads: { eagle3: 'tiny-eagle3' } }),
      );
    }
  });

  it('maps URLs to the default model or models/, and nothing outside them', () => {
    expect([
      servedPathOf(models, '/models/tiny/tiny.bin'),
      servedPathOf(models, '/models/tiny-eagle3/config.json'),
      servedPathOf(models, '/models/tiny/%2E%2E/%2E%2E/secret'),
      servedPathOf(models, '/models/%2E%2E/package.json'),
    ]).toEqual([
      join(scratch, 'shared/models/tiny/tiny.bin'),
      join(models, 'tiny-eagle3/config.json'),
      undefined,
      undefined,
    ]);
  });
});

describe('hubCspPlugin', () => {
  it('lets huggingface.co pages reach its CDNs, and a mirror only its own origin', () => {
    expect([
      connectSources(hubSettingsFromEnvironment({})),
      connectSources(hubSettingsFromEnvironment({ CONFU_HUB_ENDPOINT: 'https://mirror.test/hf/' })),
      connectSources(
        hubSettingsFromEnvironment({
          CONFU_HUB_ENDPOINT: 'http://127.0.0.1:8080',
          CONFU_HUB_CONNECT_SRC: 'https://cdn.test',
        }),
      ),
    ]).toEqual([
      "'self' https://huggingface.co https://*.huggingface.co https://*.hf.co",
      "'self' https://mirror.test",
      "'self' http://127.0.0.1:8080 https://cdn.test",
    ]);
  });

  it('writes the policy and endpoint into index.html, and fails without the placeholders', () => {
    const plugin = hubCspPlugin({ endpoint: 'http://127.0.0.1:9/', extraSources: [] });
    const transform = plugin.transformIndexHtml as { handler: (html: string) => string };

    expect(transform.handler('connect-src __CONFU_CONNECT_SRC__; __CONFU_HUB_ENDPOINT__')).toBe(
      "connect-src 'self' http://127.0.0.1:9; http://127.0.0.1:9",
    );
    expect(() => transform.handler('connect-src *')).toThrow('__CONFU_CONNECT_SRC__');
  });

  it('refuses a source that would break out of the policy', () => {
    expect(() =>
      hubCspPlugin({ endpoint: 'https://hub.test', extraSources: ["'unsafe-inline'"] }),
    ).toThrow('CSP');
  });
});
