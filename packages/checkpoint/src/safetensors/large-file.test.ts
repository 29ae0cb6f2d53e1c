import { mkdtemp, open, rm } from 'node:fs/promises';
import { freemem, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileSource } from '@confu/core';
import { writeSparseFile } from '@internal/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileRange } from '../node/read-file-range.js';
import { readSafetensorsHeader } from './read-safetensors-header.js';
import { readTensor } from './read-tensor.js';

const gib = 2 ** 30;

/** A one-file source over a path on disk (what `@confu/node` does, without its package). */
function diskSource(path: string, size: number): FileSource {
  return {
    list: () => Promise.resolve(['model.safetensors']),
    size: () => Promise.resolve(size),
    async read(_name, range) {
      const handle = await open(path, 'r');
      try {
        return await readFileRange(handle, path, size, range);
      } finally {
        await handle.close();
      }
    },
    describe: () => path,
  };
}

/** A sparse safetensors file: one large F32 tensor of zeros, then a small marked one. */
async function largeSafetensors(path: string, bigBytes: number): Promise<number> {
  const header = new TextEncoder().encode(
    JSON.stringify({
      big: { dtype: 'F32', shape: [bigBytes / 4], data_offsets: [0, bigBytes] },
      tail: { dtype: 'F32', shape: [2], data_offsets: [bigBytes, bigBytes + 8] },
    }),
  );
  const prefix = new Uint8Array(8 + header.length);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(header.length), true);
  prefix.set(header, 8);
  const size = prefix.length + bigBytes + 8;
  const tail = new Uint8Array(new Float32Array([1.5, -2.5]).buffer);
  await writeSparseFile(path, size, [
    { offset: 0, bytes: prefix },
    { offset: prefix.length + bigBytes, bytes: tail },
  ]);
  return size;
}

describe('safetensors files over 2 GiB and 4 GiB (sparse files)', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'confu-large-st-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('reads the header of a 5 GiB file and a tensor that lies past 4 GiB', async () => {
    const path = join(directory, 'five.safetensors');
    const size = await largeSafetensors(path, 5 * gib);
    const source = diskSource(path, size);

    const header = await readSafetensorsHeader(source, 'model.safetensors');
    const tail = await readTensor(source, header, 'tail');

    expect(header.tensors.get('big')?.numel).toBe((5 * gib) / 4);
    expect(Array.from(tail)).toEqual([1.5, -2.5]);
  });

  it('refuses a 5 GiB tensor as UNSUPPORTED instead of failing to allocate it', async () => {
    const path = join(directory, 'five-b.safetensors');
    const size = await largeSafetensors(path, 5 * gib);
    const source = diskSource(path, size);
    const header = await readSafetensorsHeader(source, 'model.safetensors');

    await expect(readTensor(source, header, 'big')).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/more than the 4294967296 bytes one buffer can hold/),
    });
  });

  // An F32 Llama-3-8B embedding is 2.1 GB: one such tensor, read for real (two 2.1 GB buffers).
  it.skipIf(freemem() < 12 * gib)('reads a 2.1 GB F32 tensor', async () => {
    const bytes = 128_256 * 4096 * 4;
    const path = join(directory, 'embedding.safetensors');
    const size = await largeSafetensors(path, bytes);
    const source = diskSource(path, size);
    const header = await readSafetensorsHeader(source, 'model.safetensors');

    const big = await readTensor(source, header, 'big');

    expect(big.length).toBe(bytes / 4);
    expect(big[big.length - 1]).toBe(0);
  });
});
