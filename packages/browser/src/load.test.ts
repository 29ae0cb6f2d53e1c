import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeHub } from '@confu/hub/testing';
import type { FakeHub } from '@confu/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRandomModelFolder } from '../../node/src/__fixtures__/random-model-folder.js';
import { load } from './load.js';

let scratch: string;
let hub: FakeHub;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'confu-browser-load-'));
  await writeRandomModelFolder(scratch, ['eagle3']);
  const files: Record<string, Uint8Array> = {};
  for (const entry of await readdir(scratch, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(scratch.length + 1)] = new Uint8Array(await readFile(path));
  }
  hub = await startFakeHub({ repos: { 'someone/tiny-llama': { files } } });
});
afterAll(async () => {
  await hub.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('load (onnxruntime-web, wasm under Node)', () => {
  it('loads a hub id with its own EAGLE-3 head and prints the plain tokens at T = 0', async () => {
    const progress: string[] = [];
    const llm = await load('someone/tiny-llama', {
      hubEndpoint: hub.endpoint,
      devices: ['wasm'],
      draft: { method: 'eagle3' },
      onProgress: (event) => {
        if (event.done) progress.push(event.file);
      },
    });
    try {
      const plain = await llm.generate('abcab', { maxTokens: 16, temperature: 0, method: 'none' });
      const drafted = await llm.generate('abcab', { maxTokens: 16, temperature: 0 });

      expect(drafted.tokens).toEqual(plain.tokens);
      expect(drafted.stats.method).toBe('eagle3');
      expect(progress).toEqual(
        expect.arrayContaining(['model.safetensors', 'eagle3/model.safetensors']),
      );
    } finally {
      await llm.dispose();
    }
  });
});
