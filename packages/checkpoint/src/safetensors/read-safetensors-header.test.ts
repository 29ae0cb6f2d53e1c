import { ConfuError } from '@confu/errors';
import type { ConfuErrorCode } from '@confu/errors';
import { describe, expect, it } from 'vitest';
import { createMemoryFileSource } from '../memory-file-source.js';
import type { FileSource } from '@confu/core';
import { readSafetensorsHeader } from './read-safetensors-header.js';
import { readTensor } from './read-tensor.js';
import { writeSafetensors } from './write-safetensors.js';

const encoder = new TextEncoder();
const fileName = 'bad.safetensors';

/** 8-byte length (the header's, unless `declared` lies) + header + data. */
function rawFile(
  header: string | Uint8Array,
  data: number | Uint8Array = 0,
  declared?: bigint,
): Uint8Array {
  const json = typeof header === 'string' ? encoder.encode(header) : header;
  const bytes = typeof data === 'number' ? new Uint8Array(data) : data;
  const file = new Uint8Array(8 + json.length + bytes.length);
  new DataView(file.buffer).setBigUint64(0, declared ?? BigInt(json.length), true);
  file.set(json, 8);
  file.set(bytes, 8 + json.length);
  return file;
}

const entry = (dtype: unknown, shape: unknown, offsets: unknown): string =>
  JSON.stringify({ dtype, shape, data_offsets: offsets });

/** A source that records how many bytes were requested, to prove nothing huge is read. */
function spySource(file: Uint8Array): { source: FileSource; bytesRead: () => number } {
  const inner = createMemoryFileSource({ [fileName]: file });
  let total = 0;
  return {
    source: {
      ...inner,
      read: (name, range) => {
        total += range ? range.end - range.start : file.length;
        return inner.read(name, range);
      },
    },
    bytesRead: () => total,
  };
}

async function readHeader(file: Uint8Array) {
  return readSafetensorsHeader(createMemoryFileSource({ [fileName]: file }), fileName);
}

async function expectRejected(
  file: Uint8Array,
  code: ConfuErrorCode,
  pattern?: RegExp,
): Promise<ConfuError> {
  const { source, bytesRead } = spySource(file);
  const error: unknown = await readSafetensorsHeader(source, fileName).then(
    () => expect.fail('expected a ConfuError'),
    (caught: unknown) => caught,
  );
  if (!ConfuError.isInstance(error)) throw error;
  expect(error.code).toBe(code);
  expect(error.message).toContain(`memory/${fileName}`);
  if (pattern) expect(error.message).toMatch(pattern);
  expect(bytesRead()).toBeLessThanOrEqual(file.length);
  return error;
}

const valid = writeSafetensors({
  a: { dtype: 'F32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) },
  b: { dtype: 'BF16', shape: [3], data: new Float32Array([1, 2, 3]) },
});
const a16 = entry('F32', [2, 2], [0, 16]);

describe('readSafetensorsHeader: length prefix (reliability §9.2)', () => {
  it.each([
    ['an empty file', new Uint8Array(0), /too short/],
    ['a 7-byte file', new Uint8Array(7), /too short/],
    ['N = 0', rawFile('', 0, 0n), /length is 0/],
    ['N claiming 10^12 bytes', rawFile('{}', 0, 10n ** 12n), /exceeds the 16777216-byte cap/],
    ['N = 2^64 - 1', rawFile('{}', 0, 2n ** 64n - 1n), /18446744073709551615/],
    ['N = 100 MB + 1', rawFile('{}', 0, 100_000_001n), /cap/],
    [
      'N > file size - 8 (attack #1)',
      rawFile(`{"a":${a16}}`, 16, 1000n),
      /1000 exceeds the \d+ bytes/,
    ],
    ['only the length prefix', rawFile('', 0, 60n), /60 exceeds the 0 bytes/],
  ])('rejects %s', async (_, file, pattern) => {
    await expectRejected(file, 'INVALID_FILE', pattern);
  });

  it('reads only the 8-byte prefix when N is absurd', async () => {
    const { source, bytesRead } = spySource(rawFile('{}', 0, 10n ** 12n));
    await expect(readSafetensorsHeader(source, fileName)).rejects.toThrow(ConfuError);
    expect(bytesRead()).toBe(8);
  });
});

describe('readSafetensorsHeader: header JSON', () => {
  it('rejects more tensors than the limit before validating any entry', async () => {
    const empty = entry('F32', [0], [0, 0]);
    const names = Array.from({ length: 65_537 }, (_, index) => `"t${index}":${empty}`);

    const error = await expectRejected(rawFile(`{${names.join(',')}}`), 'INVALID_FILE');

    expect(error.message).toBe(
      'memory/bad.safetensors: safetensors header lists 65537 tensors, over the limit of 65536',
    );
  });

  it.each([
    ['a header not starting with {', rawFile('[]'), /start with "\{"/],
    ['leading whitespace', rawFile(' {}'), /start with/],
    ['a byte-order mark', rawFile(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])), /start with/],
    ['invalid UTF-8', rawFile(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])), /UTF-8/],
    [
      'a lone surrogate encoded in UTF-8',
      rawFile(new Uint8Array([0x7b, 0xed, 0xa0, 0x80, 0x7d])),
      /UTF-8/,
    ],
    ['truncated JSON', rawFile('{"a":'), /not valid JSON/],
    ['JSON followed by garbage', rawFile('{} x'), /not valid JSON/],
    ['duplicate tensor names', rawFile(`{"a":${a16},"a":${a16}}`, 16), /repeats the key "a"/],
    [
      'duplicates spelled differently',
      rawFile(`{"a":${a16},"\\u0061":${a16}}`, 16),
      /repeats the key "a"/,
    ],
    [
      'a duplicate field in an entry',
      rawFile(`{"a":{"dtype":"F32","dtype":"I32","shape":[],"data_offsets":[0,4]}}`, 4),
      /"dtype"/,
    ],
    ['a duplicate metadata key', rawFile('{"__metadata__":{"k":"1","k":"2"}}'), /"k"/],
    [
      'a non-string metadata value',
      rawFile('{"__metadata__":{"k":1}}'),
      /"k" must be a string, got 1/,
    ],
    ['a nested metadata value', rawFile('{"__metadata__":{"k":{"x":"y"}}}'), /must be a string/],
    ['metadata as an array', rawFile('{"__metadata__":["x"]}'), /must be an object of strings/],
    ['a tensor entry that is not an object', rawFile('{"a":[1,2]}'), /must be an object/],
    ['deep nesting', rawFile(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`), /"a"/],
  ])('rejects %s', async (_, file, pattern) => {
    await expectRejected(file, 'INVALID_FILE', pattern);
  });

  it('accepts JSON whitespace padding after the object and a null __metadata__', async () => {
    expect((await readHeader(rawFile('{}\r \t\n'))).tensors.size).toBe(0);
    expect((await readHeader(rawFile('{"__metadata__":null}'))).metadata).toEqual({});
  });

  it('keeps a "__proto__" metadata key as data', async () => {
    const header = await readHeader(rawFile('{"__metadata__":{"__proto__":"x"}}'));
    expect(Object.keys(header.metadata)).toEqual(['__proto__']);
  });
});

describe('readSafetensorsHeader: tensor entries', () => {
  const one = (info: string, data = 16): Uint8Array => rawFile(`{"a":${info}}`, data);
  it.each([
    ['a non-string dtype', one(entry(5, [2, 2], [0, 16])), /dtype 5/],
    [
      'a missing shape',
      one(JSON.stringify({ dtype: 'F32', data_offsets: [0, 16] })),
      /shape undefined/,
    ],
    ['a negative shape entry', one(entry('F32', [-2, -2], [0, 16])), /shape \[-2,-2\]/],
    ['a fractional shape entry', one(entry('F32', [1.5, 2], [0, 16])), /shape \[1.5,2\]/],
    ['a null shape entry', one(entry('F32', [null, 4], [0, 16])), /shape \[null,4\]/],
    ['a string shape entry', one(entry('F32', ['4'], [0, 16])), /shape \["4"\]/],
    [
      'a shape entry beyond 2^53',
      one('{"dtype":"I32","shape":[2,18446744073709551614],"data_offsets":[0,16]}'),
      /shape/,
    ],
    [
      'numel × item size beyond 2^53',
      one(entry('F32', [2 ** 26, 2 ** 26, 2], [0, 16])),
      /overflows 2\^53/,
    ],
    [
      'numel beyond 2^64 (product of safe dims)',
      one(entry('U8', [2 ** 32, 2 ** 32, 16], [0, 16])),
      /overflows/,
    ],
    ['dtype × numel ≠ END − BEGIN', one(entry('I32', [2, 2], [0, 4]), 4), /16 bytes.*span 4 bytes/],
    ['END < BEGIN', one(entry('F32', [2, 2], [16, 0])), /end before begin/],
    ['negative offsets', one(entry('F32', [2, 2], [-16, 0])), /data_offsets \[-16,0\]/],
    ['three offsets', one(entry('F32', [2, 2], [0, 8, 16])), /data_offsets/],
    [
      'offsets beyond the buffer',
      one(entry('F32', [2, 2], [16, 32])),
      /beyond the 16-byte data section/,
    ],
  ])('rejects %s', async (_, file, pattern) => {
    await expectRejected(file, 'INVALID_FILE', pattern);
  });

  it.each(['F33', 'F8_E4M3', 'F4', 'f32'])('rejects dtype %s as UNSUPPORTED', async (dtype) => {
    await expectRejected(
      rawFile(`{"a":${entry(dtype, [4], [0, 4])}}`, 4),
      'UNSUPPORTED',
      new RegExp(dtype),
    );
  });
});

describe('readSafetensorsHeader: data layout', () => {
  it.each([
    [
      'overlapping offsets',
      `{"a":${a16},"b":${entry('F32', [2], [8, 16])}}`,
      16,
      /"b" \[8, 16\) overlaps: tensor "a" ends at 16/,
    ],
    ['a gap', `{"a":${entry('F32', [2], [0, 8])},"b":${entry('F32', [2], [12, 20])}}`, 20, /gap/],
    [
      'a gap at the start',
      `{"a":${entry('F32', [2], [4, 12])}}`,
      12,
      /gap: the data section starts at 0/,
    ],
    [
      'many tensors on the same bytes (attack #2/#3)',
      `{${Array.from({ length: 1000 }, (_, i) => `"w${i}":${a16}`).join(',')}}`,
      16,
      /overlaps/,
    ],
    ['trailing bytes (polyglot)', `{"a":${a16}}`, 16 + 34, /34 trailing bytes/],
    ['data but no tensors', '{}', 1, /1 trailing bytes/],
  ])('rejects %s', async (_, header, data, pattern) => {
    await expectRejected(rawFile(header, data), 'INVALID_FILE', pattern);
  });

  it('accepts entries listed out of offset order and returns them in file order', async () => {
    const header = await readHeader(
      rawFile(`{"b":${entry('F32', [2], [8, 16])},"a":${entry('F32', [2], [0, 8])}}`, 16),
    );
    expect([...header.tensors.keys()]).toEqual(['a', 'b']);
  });

  it('accepts empty and 0-rank tensors, also several at one offset', async () => {
    const file = rawFile(
      `{"e1":${entry('F32', [0], [0, 0])},"s":${entry('I32', [], [0, 4])},"e2":${entry('I32', [2, 0], [4, 4])},"e3":${entry('BF16', [0, 5], [4, 4])}}`,
      new Uint8Array([7, 0, 0, 0]),
    );
    const source = createMemoryFileSource({ [fileName]: file });
    const header = await readSafetensorsHeader(source, fileName);
    expect(await readTensor(source, header, 's')).toEqual(new Int32Array([7]));
    expect(await readTensor(source, header, 'e2')).toEqual(new Int32Array(0));
    expect(await readTensor(source, header, 'e3')).toEqual(new Float32Array(0));
    expect(header.tensors.get('s')?.shape).toEqual([]);
  });

  it('rejects BOOL bytes other than 0 and 1 when reading', async () => {
    const file = rawFile(`{"t2d":${entry('BOOL', [3], [0, 3])}}`, new Uint8Array([1, 0, 2]));
    const source = createMemoryFileSource({ [fileName]: file });
    const header = await readSafetensorsHeader(source, fileName);
    await expect(readTensor(source, header, 't2d')).rejects.toThrow(
      /memory\/bad.safetensors: BOOL tensor "t2d" holds 2 at index 2/,
    );
  });

  it('passes the reference implementation vectors', async () => {
    const ok = [
      rawFile('{"test":{"dtype":"I32","shape":[],"data_offsets":[0,4]}}', 4),
      rawFile('{"test":{"dtype":"I32","shape":[2,2],"data_offsets":[0,16]}}', 16),
      rawFile('{"test":{"dtype":"I32","shape":[2,0],"data_offsets":[0, 0]}}'),
    ];
    for (const file of ok) await expect(readHeader(file)).resolves.toBeDefined();
  });
});

describe('readSafetensorsHeader: truncation and corruption', () => {
  it.each([
    ['by 1 byte', valid.length - 1],
    ['by 50%', Math.floor(valid.length / 2)],
    ['to the header only', valid.length - 22],
  ])('rejects a file truncated %s', async (_, length) => {
    await expectRejected(valid.subarray(0, length), 'INVALID_FILE');
  });

  it('never throws anything but a ConfuError on random corruption', async () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let trial = 0; trial < 3000; trial++) {
      const file = valid.slice();
      const flips = 1 + Math.floor(random() * 3);
      for (let i = 0; i < flips; i++) {
        file[Math.floor(random() * file.length)] = Math.floor(random() * 256);
      }
      const cut = random() < 0.2 ? Math.floor(random() * file.length) : file.length;
      const { source, bytesRead } = spySource(file.subarray(0, cut));
      try {
        const header = await readSafetensorsHeader(source, fileName);
        for (const name of header.tensors.keys()) await readTensor(source, header, name);
      } catch (error) {
        if (!ConfuError.isInstance(error)) throw error;
        expect(error.message).toContain(fileName);
      }
      expect(bytesRead()).toBeLessThanOrEqual(2 * cut);
    }
  });
});
