import { mkdtemp, readdir, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TextModel } from '@confu/core';
import { hasStories260k, stories260kDirectory } from '@internal/test-utils';
import { loadModel } from './load-model.js';

// Converted graphs are cached per dtype; a damaged entry is converted again, never used.

async function greedy(model: TextModel): Promise<number[]> {
  const tokens: number[] = [];
  for await (const chunk of model.generate({
    prompt: 'Once upon a time',
    maxTokens: 24,
    temperature: 0,
  }))
    tokens.push(...chunk.tokens);
  return tokens;
}

async function entries(cacheDirectory: string): Promise<string[]> {
  return (await readdir(join(cacheDirectory, 'models'))).filter((name) => !name.includes('.tmp-'));
}

describe.skipIf(!hasStories260k('the converted-model cache'))('the converted-model cache', () => {
  it('keeps one entry per dtype and rebuilds a damaged one', async () => {
    const cacheDirectory = await mkdtemp(join(tmpdir(), 'confu-cache-'));
    const load = (dtype: 'fp32' | 'q4') =>
      loadModel(stories260kDirectory, { cacheDirectory, numThreads: 1, dtype });
    const fp32 = await load('fp32');
    const reference = await greedy(fp32);
    await fp32.dispose();
    const q4 = await load('q4');
    const quantised = await greedy(q4);
    await q4.dispose();
    const [first, second] = await entries(cacheDirectory);
    expect([first, second].every(Boolean)).toBe(true);
    expect(quantised).not.toEqual(reference);

    // Corrupt every stored graph in place (same size) and truncate its weights: both rebuilt.
    for (const entry of await entries(cacheDirectory)) {
      const folder = join(cacheDirectory, 'models', entry);
      const model = join(folder, 'model.onnx');
      const size = (await stat(model)).size;
      await writeFile(model, Buffer.alloc(size, 0x5a));
      const data = (await readdir(folder)).find((name) => name.endsWith('.data'));
      if (data) await truncate(join(folder, data), 10);
    }
    const again = await load('fp32');
    expect(await greedy(again)).toEqual(reference);
    await again.dispose();
    const againQ4 = await load('q4');
    expect(await greedy(againQ4)).toEqual(quantised);
    await againQ4.dispose();
  });
});
