import { describe, expect, it } from 'vitest';
import { randomLlama2cCheckpoint, type Llama2cHeaderFields } from '../testing/index.js';
import { createMemoryFileSource } from '../memory-file-source.js';
import { importLlama2c } from './import-llama2c.js';
import { loadLlama2c } from './load-llama2c.js';

const tiny: Llama2cHeaderFields = [16, 24, 2, 4, 2, 20, 32];

const checkpoint = randomLlama2cCheckpoint;

function header(fields: readonly number[]): Uint8Array {
  return new Uint8Array(Int32Array.from(fields).buffer);
}

describe('importLlama2c', () => {
  it('accepts an unaligned buffer', () => {
    const bytes = checkpoint(tiny);
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(importLlama2c(shifted).embedding).toEqual(importLlama2c(bytes).embedding);
  });

  const cases: [string, Uint8Array, RegExp][] = [
    [
      'an empty file',
      new Uint8Array(0),
      /bad\.bin: 0 bytes is shorter than the 28-byte llama2\.c header/,
    ],
    ['a truncated header', new Uint8Array(10), /bad\.bin: 10 bytes is shorter/],
    ['a header-only file', header(tiny), /bad\.bin: expected \d+ bytes .* the file has 28 bytes/],
    [
      'a truncated body',
      checkpoint(tiny).subarray(0, 1000),
      /bad\.bin: expected \d+ bytes .* the file has 1000 bytes/,
    ],
    [
      'trailing bytes',
      checkpoint(tiny, 1),
      /bad\.bin: expected (\d+) bytes .* the file has \d+ bytes/,
    ],
    [
      'a zero field',
      header([16, 24, 0, 4, 2, 20, 32]),
      /header field n_layers = 0 is out of range/,
    ],
    [
      'a negative field',
      header([16, -24, 2, 4, 2, 20, 32]),
      /header field hidden_dim = -24 is out of range/,
    ],
    [
      'an absurd field',
      header([16, 24, 2, 4, 2, 20, 2_000_000_000]),
      /header field seq_len = 2000000000 is out of range/,
    ],
    [
      'a million layers',
      header([16, 24, 1_000_000, 4, 2, 20, 32]),
      /header field n_layers 1000000 exceeds the limit of 1024/,
    ],
    [
      'dim not divisible by n_heads',
      header([18, 24, 2, 4, 2, 20, 32]),
      /dim 18 is not divisible by n_heads 4/,
    ],
    [
      'n_heads not divisible by n_kv_heads',
      header([24, 24, 2, 6, 4, 20, 32]),
      /n_heads 6 is not divisible by n_kv_heads 4/,
    ],
    ['an odd head size', header([12, 24, 2, 4, 2, 20, 32]), /head size 3 is odd/],
    [
      'random text',
      new TextEncoder().encode('this is not a llama2.c checkpoint at all'),
      /out of range/,
    ],
  ];
  it.each(cases)('rejects %s with INVALID_FILE', (_, bytes, message) => {
    expect(() => importLlama2c(bytes, { name: 'bad.bin' })).toThrow(
      expect.objectContaining({ code: 'INVALID_FILE', message: expect.stringMatching(message) }),
    );
  });

  it('reports the versioned export format as UNSUPPORTED', () => {
    const bytes = new Uint8Array(256);
    new DataView(bytes.buffer).setUint32(0, 0x616b3432, true);
    expect(() => importLlama2c(bytes, { name: 'v1.bin' })).toThrow(
      expect.objectContaining({
        code: 'UNSUPPORTED',
        message: expect.stringMatching(/v1\.bin: .*versioned export/),
      }),
    );
  });
});

describe('loadLlama2c', () => {
  it('validates the header and size before reading the weights', async () => {
    const source = createMemoryFileSource(
      { 'ok.bin': checkpoint(tiny), 'short.bin': header(tiny) },
      'models',
    );
    expect((await loadLlama2c(source, 'ok.bin')).source).toEqual({
      kind: 'llama2c',
      name: 'models/ok.bin',
    });
    await expect(loadLlama2c(source, 'short.bin')).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringMatching(/models\/short\.bin: expected \d+ bytes/),
    });
    await expect(loadLlama2c(source, 'missing.bin')).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });

  it('reads array by array, never the whole file, and matches importLlama2c', async () => {
    const fields: Llama2cHeaderFields = [16, 24, 2, 4, 2, -20, 32];
    const bytes = checkpoint(fields);
    const memory = createMemoryFileSource({ 'm.bin': bytes }, 'models');
    const reads: number[] = [];
    const source = {
      ...memory,
      read: (name: string, range?: { start: number; end: number }) => {
        reads.push(range ? range.end - range.start : bytes.length);
        return memory.read(name, range);
      },
    };

    const loaded = await loadLlama2c(source, 'm.bin');
    const imported = importLlama2c(bytes, { name: 'models/m.bin' });

    expect(loaded).toEqual(imported);
    // The largest array of this header is one layer's w1 (24 × 16 floats) or the head (20 × 16).
    expect(Math.max(...reads)).toBe(4 * 24 * 16);
  });
});
