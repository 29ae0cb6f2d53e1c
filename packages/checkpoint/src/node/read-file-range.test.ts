import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeSparseFile } from '@internal/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileHandleSource } from './file-handle-source.js';
import { maxReadBytes, readFileRange } from './read-file-range.js';

const gib = 2 ** 30;
const marker = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

describe('readFileRange', () => {
  let directory: string;
  let path: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'confu-read-range-'));
    path = join(directory, 'ten.bin');
    await writeFile(
      path,
      Uint8Array.from({ length: 10 }, (_, index) => index),
    );
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('reads a range and the whole file', async () => {
    await using handle = await open(path, 'r');

    expect(Array.from(await readFileRange(handle, path, 10, { start: 2, end: 5 }))).toEqual([
      2, 3, 4,
    ]);
    expect((await readFileRange(handle, path, 10)).length).toBe(10);
  });

  it('rejects a short read as INVALID_FILE naming the file and the byte counts', async () => {
    await using handle = await open(path, 'r');
    // The caller took a size of 16 bytes; the file has 10 (it shrank since).
    const source = createFileHandleSource(handle, path, 16);

    await expect(source.read(path, { start: 4, end: 16 })).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: `${path}: read 6 of 12 bytes at [4, 16); the file ended early`,
    });
  });

  it('rejects a range beyond the size as INVALID_FILE', async () => {
    await using handle = await open(path, 'r');

    await expect(readFileRange(handle, path, 10, { start: 8, end: 12 })).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: `${path}: range [8, 12) is beyond its 10 bytes`,
    });
  });

  it('fills a range with several reads of at most chunkBytes', async () => {
    await using handle = await open(path, 'r');

    const bytes = await readFileRange(handle, path, 10, { start: 1, end: 10 }, 4);

    expect(Array.from(bytes)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads ranges past 4 GiB of a sparse file', async () => {
    const big = join(directory, 'sparse-5g.bin');
    await writeSparseFile(big, 5 * gib, [{ offset: 4 * gib + 100, bytes: marker }]);
    await using handle = await open(big, 'r');

    const bytes = await readFileRange(handle, big, 5 * gib, {
      start: 4 * gib + 96,
      end: 4 * gib + 112,
    });

    expect(Array.from(bytes)).toEqual([0, 0, 0, 0, ...marker, 0, 0, 0, 0]);
  });

  it('rejects a range over 4 GiB as UNSUPPORTED before allocating it', async () => {
    const big = join(directory, 'sparse-5g-b.bin');
    await writeSparseFile(big, 5 * gib);
    await using handle = await open(big, 'r');

    await expect(readFileRange(handle, big, 5 * gib)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: `${big}: range [0, ${5 * gib}) is ${5 * gib} bytes, more than the ${maxReadBytes} bytes one buffer can hold; read it in parts`,
    });
  });
});
