import { createHash } from 'node:crypto';
import { createMemoryFileSource } from '@confu/checkpoint';
import { describe, expect, it } from 'vitest';
import { createSha256, sha256OfFile } from './sha256.js';

function bytesOf(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe('createSha256', () => {
  it.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 1000])(
    'matches node:crypto on %i bytes fed in uneven pieces',
    (length) => {
      const bytes = bytesOf(length, length + 1);
      const hash = createSha256();

      for (let start = 0; start < length; start += 7) hash.update(bytes.subarray(start, start + 7));

      expect(Buffer.from(hash.digest()).toString('hex')).toBe(
        createHash('sha256').update(bytes).digest('hex'),
      );
    },
  );
});

describe('sha256OfFile', () => {
  it('hashes a file larger than one read chunk in ranges', async () => {
    const bytes = bytesOf(16 * 1024 * 1024 + 5, 9);
    const source = createMemoryFileSource({ 'm.bin': bytes });

    const hex = await sha256OfFile(source, 'm.bin');

    expect(hex).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
