import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelDtype } from '@confu/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRandomModelFolder } from './__fixtures__/random-model-folder.js';
import { load } from './load.js';

let root: string;
let cacheDirectory: string;
let withHeads: string;
let bare: string;
const prompt = 'abcabcab';
const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'confu-load-'));
  cacheDirectory = join(root, 'graphs');
  withHeads = join(root, 'with-heads');
  bare = join(root, 'bare');
  await writeRandomModelFolder(withHeads, ['eagle3', 'confu']);
  await writeRandomModelFolder(bare);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('load', () => {
  it('generates with plain decoding and disposes through Symbol.asyncDispose', async () => {
    const llm = await load(bare, { cacheDirectory, threads: 1 });

    const result = await llm.generate(prompt, { maxTokens: 12, temperature: 0 });
    await llm[Symbol.asyncDispose]();

    expect(result.tokens).toHaveLength(result.stats.generatedTokens);
    expect(result.stats).toMatchObject({ method: 'none', acceptanceLength: 1 });
    expect(result.stats.speedup).toBeUndefined();
  });

  it.each(['eagle3', 'confu'] as const)(
    'uses the model folder’s own %s head and prints the plain tokens at T = 0',
    async (method) => {
      await using llm = await load(withHeads, { draft: { method }, cacheDirectory, threads: 1 });

      const plain = await llm.generate(prompt, { maxTokens: 24, temperature: 0, method: 'none' });
      const drafted = await llm.generate(prompt, { maxTokens: 24, temperature: 0 });

      expect(llm.method).toBe(method);
      expect(drafted.tokens).toEqual(plain.tokens);
      expect(drafted.stats.method).toBe(method);
      expect(drafted.stats.speculative?.rounds).toBeGreaterThan(0);
      expect(drafted.stats.speedup).toBeGreaterThan(0);
    },
  );

  it('fails naming draft.from when a head method has no head, and never builds a random one', async () => {
    const error = await rejection(load(bare, { draft: 'eagle3', cacheDirectory }));

    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((error as Error).message).toMatch(/`draft\.from`.*`--draft-model/);
  });

  it('builds an untrained head only for an explicit random:<seed>', async () => {
    await using llm = await load(bare, {
      draft: { method: 'eagle3', from: 'random:3' },
      cacheDirectory,
      threads: 1,
    });

    const plain = await llm.generate(prompt, { maxTokens: 16, temperature: 0, method: 'none' });
    const drafted = await llm.generate(prompt, {
      maxTokens: 16,
      temperature: 0,
      tree: { depth: 2, topK: 2, totalTokens: 5 },
    });

    expect(drafted.tokens).toEqual(plain.tokens);
    expect(drafted.stats.speculative?.meanTreeTokens).toBeLessThanOrEqual(5);
  });

  it('cuts the text at a stop string and streams the same text', async () => {
    await using llm = await load(bare, { cacheDirectory, threads: 1 });
    const full = await llm.generate(prompt, { maxTokens: 20, temperature: 0 });
    const stop = full.text.slice(4, 6);

    const cut = await llm.generate(prompt, { maxTokens: 20, temperature: 0, stop });
    let streamed = '';
    for await (const piece of llm.stream(prompt, { maxTokens: 20, temperature: 0, stop: [stop] }))
      streamed += piece;

    expect(cut.text).toBe(full.text.slice(0, full.text.indexOf(stop)));
    expect(cut.finishReason).toBe('stop');
    expect(streamed).toBe(cut.text);
  });

  it('encodes chat messages without a template as their newline-joined contents', async () => {
    await using llm = await load(bare, { cacheDirectory, threads: 1 });

    expect(llm.hasChatTemplate).toBe(false);
    expect(
      llm.encode([
        { role: 'user', content: 'ab' },
        { role: 'user', content: 'c' },
      ]),
    ).toEqual(llm.encode('ab\nc'));
  });

  it('passes dtype to the loader, which checks it before converting anything', async () => {
    const fresh = join(root, 'fresh-graphs');

    const error = await rejection(
      load(bare, { dtype: 'int3' as ModelDtype, cacheDirectory: fresh }),
    );

    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(existsSync(fresh) ? await readdir(fresh) : []).toEqual([]);
  });
});
