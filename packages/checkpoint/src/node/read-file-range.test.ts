import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileHandleSource } from './file-handle-source.js';
import { readFileRange } from './read-file-range.js';

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
});
