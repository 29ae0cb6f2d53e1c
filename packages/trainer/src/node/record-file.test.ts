import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainingRecord } from '../data/training-record.js';
import { syntheticRecord } from '../data/__fixtures__/synthetic-record.js';
import { openRecordFile, readRecordFile, writeRecordFile } from './record-file.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('record files on disk', () => {
  it('round-trips records and metadata', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'confu-rec-')), 'data.rec');
    const records = [syntheticRecord(0), syntheticRecord(1, { topK: 4 })];
    const written = await writeRecordFile(path, records, { metadata: { target: 'x' } });
    expect(written).toEqual({ records: 2, bytes: (await readFile(path)).length });
    expect(existsSync(`${path}.partial`)).toBe(false);
    expect(await collect(readRecordFile(path))).toEqual(records);
    const file = await openRecordFile(path);
    expect(file.metadata).toEqual({ target: 'x' });
    await file.close();
  });

  it('writes lazily produced records one at a time and streams them back', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'confu-rec-')), 'many.rec');
    const count = 300;
    let produced = 0;
    let consumedByWriter = 0;
    // Each record is created on demand: the writer must pull one, write it, then pull the next.
    async function* lazy(): AsyncGenerator<TrainingRecord> {
      for (let seed = 0; seed < count; seed++) {
        expect(produced - consumedByWriter).toBe(0);
        produced++;
        yield syntheticRecord(seed, { n: 64, tapWidth: 24, vocabSize: 32 });
        consumedByWriter++;
      }
    }
    const written = await writeRecordFile(path, lazy());
    expect(written.records).toBe(count);

    const file = await openRecordFile(path);
    const recordBytes = (written.bytes - 18) / count;
    let seen = 0;
    let checksum = 0;
    // The iterator is consumed one record at a time; nothing is collected.
    for await (const record of file.records()) {
      expect(record.index).toBe(seen);
      checksum += record.tokens[0] as number;
      seen++;
    }
    await file.close();
    expect(seen).toBe(count);
    expect(recordBytes).toBeGreaterThan(64 * (24 + 32) * 4);
    expect(checksum).toBeGreaterThan(0);
  });

  it('names the file in INVALID_FILE errors and removes the partial file when a writer fails', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'confu-rec-'));
    const path = join(directory, 'bad.rec');
    await writeFile(path, 'not a record file at all');
    await expect(collect(readRecordFile(path))).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringContaining(path),
    });
    const truncated = join(directory, 'truncated.rec');
    await writeRecordFile(truncated, [syntheticRecord(0), syntheticRecord(1)]);
    const bytes = await readFile(truncated);
    await writeFile(truncated, bytes.subarray(0, bytes.length - 10));
    await expect(collect(readRecordFile(truncated))).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringMatching(/truncated\.rec: record 1 at byte \d+/),
    });
    await expect(collect(readRecordFile(join(directory, 'missing.rec')))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });

    const failing = join(directory, 'failing.rec');
    async function* broken(): AsyncGenerator<TrainingRecord> {
      yield syntheticRecord(0);
      throw new Error('generation failed');
    }
    await expect(writeRecordFile(failing, broken())).rejects.toThrow('generation failed');
    expect(existsSync(failing)).toBe(false);
    expect(existsSync(`${failing}.partial`)).toBe(false);
  });
});
