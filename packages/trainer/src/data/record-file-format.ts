import { readExactly } from '@confu/checkpoint';
import { ConfuError } from '@confu/errors';
import type { FileSource } from '@confu/core';
import { decodeRecordBlob, encodeRecordBlob } from './record-codec.js';
import type { TrainingRecord } from './training-record.js';

/**
 * Record file layout (little-endian), written and read strictly front to back:
 *
 * | bytes | content |
 * |---|---|
 * | 8 | magic `CONFUREC` |
 * | 4 | u32 format version (1) |
 * | 4 | u32 byte length H of the file metadata |
 * | H | UTF-8 JSON object of strings (file metadata: target, temperature, ...) |
 * | then per record: 8 | u64 byte length L of the record blob |
 * | L | the record as a safetensors blob ({@link encodeRecordBlob}) |
 *
 * The file ends exactly after a record. Each blob is a valid standalone safetensors file.
 */
export const recordFileMagic = 'CONFUREC';

/** Version written in the file header. */
export const recordFileVersion = 1;

const fixedHeaderBytes = 16;
const maxMetadataBytes = 1 << 20;
const minBlobBytes = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The bytes a record file starts with.
 * @throws ConfuError `INVALID_ARGUMENT` for a metadata value that is not a string or metadata over 1 MiB.
 */
export function encodeRecordFileHeader(
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `record file metadata ${JSON.stringify(key)} must be a string`,
      );
    }
  }
  const json = encoder.encode(JSON.stringify(metadata));
  if (json.length > maxMetadataBytes) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `record file metadata takes ${json.length} bytes, over the ${maxMetadataBytes}-byte cap`,
    );
  }
  const header = new Uint8Array(fixedHeaderBytes + json.length);
  header.set(encoder.encode(recordFileMagic), 0);
  const view = new DataView(header.buffer);
  view.setUint32(8, recordFileVersion, true);
  view.setUint32(12, json.length, true);
  header.set(json, fixedHeaderBytes);
  return header;
}

/** One record framed for a record file: the u64 length prefix, then the blob. */
export function encodeRecordFrame(record: TrainingRecord): readonly [Uint8Array, Uint8Array] {
  const blob = encodeRecordBlob(record);
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(blob.length), true);
  return [prefix, blob];
}

/** An opened record file: its metadata and a re-iterable stream of its records. */
export interface RecordStream {
  readonly metadata: Readonly<Record<string, string>>;
  /** Byte size of the file. */
  readonly size: number;
  /**
   * Reads the records front to back, one blob in memory at a time and nothing ahead of the
   * record being yielded. Every call starts again at the first record (one call per epoch).
   * @throws ConfuError `INVALID_FILE` naming the file, the record and its offset for a bad
   * length, a truncated record or a malformed blob.
   */
  records(): AsyncGenerator<TrainingRecord, void>;
}

/**
 * Validates the header of record file `name` of `source` (reading only the header) and returns
 * its {@link RecordStream}.
 * @throws ConfuError `INVALID_FILE` naming the file for a bad magic, version or metadata;
 * `FILE_NOT_FOUND` from the source.
 */
export async function openRecordStream(source: FileSource, name: string): Promise<RecordStream> {
  const label = source.describe(name);
  const fail = (message: string): never => {
    throw new ConfuError('INVALID_FILE', `${label}: ${message}`);
  };
  const size = await source.size(name);
  if (size < fixedHeaderBytes) fail(`${size} bytes are too short for a record file header`);
  const fixed = await readExactly(source, name, 0, fixedHeaderBytes);
  const magic = String.fromCharCode(...fixed.subarray(0, 8));
  if (magic !== recordFileMagic)
    fail(
      `bad magic ${JSON.stringify(magic)}, expected ${JSON.stringify(recordFileMagic)} (not a record file)`,
    );
  const view = new DataView(fixed.buffer, fixed.byteOffset, fixed.byteLength);
  const version = view.getUint32(8, true);
  if (version !== recordFileVersion)
    fail(`record file version ${version} is not supported (expected ${recordFileVersion})`);
  const metadataLength = view.getUint32(12, true);
  if (metadataLength > maxMetadataBytes || fixedHeaderBytes + metadataLength > size) {
    fail(
      `metadata length ${metadataLength} exceeds the file (${size} bytes) or the ${maxMetadataBytes}-byte cap`,
    );
  }
  const metadata = parseMetadata(
    await readExactly(source, name, fixedHeaderBytes, fixedHeaderBytes + metadataLength),
    fail,
  );
  const first = fixedHeaderBytes + metadataLength;
  return {
    metadata,
    size,
    async *records() {
      let offset = first;
      for (let index = 0; offset < size; index++) {
        const where = `record ${index} at byte ${offset}`;
        if (size - offset < 8)
          fail(
            `${where}: ${size - offset} trailing bytes are too short for a length prefix (truncated file?)`,
          );
        const prefix = await readExactly(source, name, offset, offset + 8);
        const length = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
        const available = size - offset - 8;
        if (length < BigInt(minBlobBytes) || length > BigInt(available)) {
          fail(
            `${where}: length ${length} is outside [${minBlobBytes}, ${available}] (the bytes left; truncated or corrupt file?)`,
          );
        }
        const blob = await readExactly(source, name, offset + 8, offset + 8 + Number(length));
        const record = await decodeRecordBlob(blob, `${label} (${where})`);
        offset += 8 + Number(length);
        yield record;
      }
    },
  };
}

function parseMetadata(
  bytes: Uint8Array,
  fail: (message: string) => never,
): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    return fail('file metadata is not UTF-8 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('file metadata must be a JSON object');
  const metadata = Object.create(null) as Record<string, string>;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') fail(`file metadata ${JSON.stringify(key)} must be a string`);
    metadata[key] = entry as string;
  }
  return metadata;
}
