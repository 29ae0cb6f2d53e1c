import { open, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfuError } from '@confu/errors';
import {
  encodeRecordFileHeader,
  encodeRecordFrame,
  openRecordStream,
} from '../data/record-file-format.js';
import type { RecordStream } from '../data/record-file-format.js';
import type { TrainingRecord } from '../data/training-record.js';
import { createFileHandleSource } from '@confu/checkpoint/node';

/** Options of {@link writeRecordFile}. */
export interface WriteRecordFileOptions {
  /** File-level metadata (strings): target, temperature, ... */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** What {@link writeRecordFile} wrote. */
export interface WriteRecordFileResult {
  readonly records: number;
  readonly bytes: number;
}

/**
 * Streams `records` into a record file (format: `openRecordStream`), pulling one record at a time
 * and holding only its bytes. It writes `<path>.partial` and renames it on success, so `path`
 * never holds a half-written file; on failure the partial file is removed.
 */
export async function writeRecordFile(
  path: string,
  records: AsyncIterable<TrainingRecord> | Iterable<TrainingRecord>,
  options: WriteRecordFileOptions = {},
): Promise<WriteRecordFileResult> {
  const target = resolve(path);
  const partial = `${target}.partial`;
  const handle = await open(partial, 'w');
  let count = 0;
  let bytes = 0;
  try {
    const header = encodeRecordFileHeader(options.metadata);
    await handle.write(header);
    bytes += header.length;
    for await (const record of records) {
      const frame = encodeRecordFrame(record);
      await handle.writev(frame);
      bytes += frame[0].length + frame[1].length;
      count++;
    }
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, target);
  return { records: count, bytes };
}

/** An open record file; close it when done (or use `await using`). */
export interface RecordFile extends RecordStream, AsyncDisposable {
  readonly path: string;
  close(): Promise<void>;
}

/**
 * Opens a record file and validates its header; records are then read on demand, one at a time.
 * @throws ConfuError `FILE_NOT_FOUND`, or `INVALID_FILE` naming the file.
 */
export async function openRecordFile(path: string): Promise<RecordFile> {
  const absolute = resolve(path);
  const handle = await open(absolute, 'r').catch((error: unknown) => {
    throw new ConfuError('FILE_NOT_FOUND', `${absolute} cannot be opened`, { cause: error });
  });
  try {
    const { size } = await handle.stat();
    const stream = await openRecordStream(createFileHandleSource(handle, absolute, size), absolute);
    const close = (): Promise<void> => handle.close();
    return {
      path: absolute,
      metadata: stream.metadata,
      size: stream.size,
      records: () => stream.records(),
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Streams the records of a record file, one in memory at a time; the file is closed when the
 * iteration ends, breaks or fails.
 * @throws ConfuError `FILE_NOT_FOUND`, or `INVALID_FILE` naming the file, the record and its offset.
 */
export async function* readRecordFile(path: string): AsyncGenerator<TrainingRecord, void> {
  const file = await openRecordFile(path);
  try {
    yield* file.records();
  } finally {
    await file.close();
  }
}
