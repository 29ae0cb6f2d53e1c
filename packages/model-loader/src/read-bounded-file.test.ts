import { createMemoryFileSource } from '@confu/checkpoint';
import { describe, expect, it } from 'vitest';
import { readBoundedFile } from './read-bounded-file.js';

describe('readBoundedFile', () => {
  const source = createMemoryFileSource({ 'tokenizer.json': new Uint8Array(10) }, 'm');

  it('reads a file within the limit', async () => {
    expect((await readBoundedFile(source, 'tokenizer.json', 10)).length).toBe(10);
  });

  it('refuses a file over the limit before reading it', async () => {
    await expect(readBoundedFile(source, 'tokenizer.json', 9)).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: 'm/tokenizer.json: 10 bytes is over the 9-byte limit for this file',
    });
  });
});
