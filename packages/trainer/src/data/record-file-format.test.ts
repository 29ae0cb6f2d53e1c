import { describe, expect, it } from 'vitest';
import { createMemoryFileSource } from '@confu/checkpoint';
import type { FileSource } from '@confu/core';
import { encodeRecordBlob } from './record-codec.js';
import {
  encodeRecordFileHeader,
  encodeRecordFrame,
  openRecordStream,
} from './record-file-format.js';
import type { TrainingRecord } from './training-record.js';
import { syntheticRecord } from './__fixtures__/synthetic-record.js';

function fileOf(
  records: readonly TrainingRecord[],
  metadata: Record<string, string> = {},
): Uint8Array {
  const parts = [
    encodeRecordFileHeader(metadata),
    ...records.flatMap((record) => encodeRecordFrame(record)),
  ];
  const file = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}

async function readAll(file: Uint8Array): Promise<TrainingRecord[]> {
  const stream = await openRecordStream(
    createMemoryFileSource({ 'data.rec': file }, '/tmp'),
    'data.rec',
  );
  const records: TrainingRecord[] = [];
  for await (const record of stream.records()) records.push(record);
  return records;
}

describe('record file format', () => {
  it('round-trips full and top-k records and the file metadata', async () => {
    const records = [
      syntheticRecord(0),
      syntheticRecord(1, { topK: 3 }),
      syntheticRecord(2, { n: 1 }),
    ];
    const file = fileOf(records, { target: 'stories260K' });
    const stream = await openRecordStream(createMemoryFileSource({ 'data.rec': file }), 'data.rec');
    expect(stream.metadata).toEqual({ target: 'stories260K' });
    expect(await readAll(file)).toEqual(records);
  });

  it.each([
    ['bad magic', (file: Uint8Array) => file.set([0x58], 0), /bad magic/],
    ['unknown version', (file: Uint8Array) => file.set([9], 8), /version 9/],
    [
      'metadata length beyond the file',
      (file: Uint8Array) => file.set([0xff, 0xff, 0xff], 12),
      /metadata length/,
    ],
  ])('rejects a %s as INVALID_FILE naming the file', async (_name, corrupt, message) => {
    const file = fileOf([syntheticRecord(0)]);
    corrupt(file);
    await expect(readAll(file)).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringMatching(message),
    });
    await expect(readAll(file)).rejects.toThrow('/tmp/data.rec');
  });

  it('rejects truncated files, bad record lengths and corrupt blobs, naming the record and offset', async () => {
    const file = fileOf([syntheticRecord(0), syntheticRecord(1)]);
    const secondStart = fileOf([syntheticRecord(0)]).length;
    const cases: Array<[Uint8Array, RegExp]> = [
      [file.subarray(0, file.length - 3), /record 1 at byte \d+: length \d+ is outside/],
      [file.subarray(0, secondStart + 5), /record 1 at byte \d+: 5 trailing bytes/],
      [withLength(file, secondStart, 3), /record 1 at byte \d+: length 3 is outside/],
      // The blob's safetensors JSON header starts after its own 8-byte length: break its `{`.
      [withByte(file, secondStart + 16, 0x00), /record 1 at byte \d+\)/],
    ];
    for (const [bytes, message] of cases) {
      await expect(readAll(bytes)).rejects.toMatchObject({
        code: 'INVALID_FILE',
        message: expect.stringMatching(message),
      });
    }
  });

  it('rejects a blob that is valid safetensors but not a training record', async () => {
    const record = syntheticRecord(0);
    const blob = encodeRecordBlob({ ...record, promptLength: record.tokens.length + 1 });
    const file = fileOf([]);
    const prefix = new Uint8Array(8);
    new DataView(prefix.buffer).setBigUint64(0, BigInt(blob.length), true);
    await expect(readAll(Uint8Array.from([...file, ...prefix, ...blob]))).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringMatching(/record 0 at byte 18\).*prompt_length/),
    });
  });

  it('streams: nothing past the record being yielded has been read', async () => {
    const records = Array.from({ length: 40 }, (_, seed) => syntheticRecord(seed));
    const file = fileOf(records);
    const reads: Array<{ start: number; end: number }> = [];
    const memory = createMemoryFileSource({ 'data.rec': file });
    const source: FileSource = {
      ...memory,
      read: (name, range) => {
        if (range) reads.push(range);
        return memory.read(name, range);
      },
    };
    const stream = await openRecordStream(source, 'data.rec');
    let offset = 16 + 2;
    let count = 0;
    for await (const record of stream.records()) {
      offset += 8 + encodeRecordBlob(record).length;
      expect(Math.max(...reads.map((read) => read.end))).toBe(offset);
      expect(record.index).toBe(count++);
    }
    expect(count).toBe(40);
    expect(offset).toBe(file.length);
    // Records are re-iterable (one pass per epoch).
    let again = 0;
    for await (const record of stream.records()) again += record.tokens.length > 0 ? 1 : 0;
    expect(again).toBe(40);
  });
});

function withLength(file: Uint8Array, offset: number, length: number): Uint8Array {
  const copy = file.slice();
  new DataView(copy.buffer).setBigUint64(offset, BigInt(length), true);
  return copy;
}

function withByte(file: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = file.slice();
  copy[offset] = value;
  return copy;
}
