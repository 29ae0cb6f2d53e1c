import { ConfuError } from '@confu/errors';
import type { FileSource } from '@confu/core';
import { checkDataLayout } from './check-data-layout.js';
import { formatValue } from './format-value.js';
import { parseHeaderJson } from './parse-header-json.js';
import { parseTensorEntry } from './parse-tensor-entry.js';
import { readExactly } from './read-exactly.js';
import type { SafetensorsHeader, SafetensorsTensorInfo } from './safetensors-header.js';

/**
 * Largest header accepted. The reference allows 100 MB (`MAX_HEADER_SIZE`), enough for 1.5 M
 * empty tensors that take seconds and gigabytes to parse; real headers stay under a few MB (a
 * single-file 30B MoE: about 19,000 tensors, 2.5 MB).
 */
export const maxSafetensorsHeaderBytes = 16 * 1024 * 1024;

const metadataKey = '__metadata__';

/**
 * Reads and validates the header of safetensors file `name`, reading only its first 8 + N bytes.
 * The length prefix is checked (as a 64-bit value) against the cap and the file size before
 * anything is allocated for it, and the tensor count against {@link maxSafetensorsTensors}
 * before any entry is validated.
 * @throws ConfuError `INVALID_FILE` for any malformed, truncated or inconsistent header,
 * `UNSUPPORTED` for an unknown dtype, `FILE_NOT_FOUND` from the source.
 */
export async function readSafetensorsHeader(
  source: FileSource,
  name: string,
): Promise<SafetensorsHeader> {
  const label = source.describe(name);
  const fileSize = await source.size(name);
  if (fileSize < 8) {
    throw new ConfuError(
      'INVALID_FILE',
      `${label}: ${fileSize}-byte file is too short for the 8-byte safetensors header length`,
    );
  }
  const prefix = await readExactly(source, name, 0, 8);
  const declared = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (declared === 0n)
    throw new ConfuError('INVALID_FILE', `${label}: safetensors header length is 0`);
  if (declared > BigInt(maxSafetensorsHeaderBytes)) {
    throw new ConfuError(
      'INVALID_FILE',
      `${label}: safetensors header length ${declared} exceeds the ${maxSafetensorsHeaderBytes}-byte cap`,
    );
  }
  const headerLength = Number(declared);
  if (headerLength > fileSize - 8) {
    throw new ConfuError(
      'INVALID_FILE',
      `${label}: safetensors header length ${headerLength} exceeds the ${fileSize - 8} bytes after the length prefix (truncated file?)`,
    );
  }
  const json = parseHeaderJson(await readExactly(source, name, 8, 8 + headerLength), label);
  const dataStart = 8 + headerLength;
  const dataSize = fileSize - dataStart;

  let metadata: Record<string, string> = {};
  const entries: SafetensorsTensorInfo[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (key === metadataKey) metadata = parseMetadata(value, label);
    else entries.push(parseTensorEntry(key, value, dataSize, label));
  }
  const ordered = checkDataLayout(entries, dataSize, label);
  const tensors = new Map(ordered.map((entry) => [entry.name, entry] as const));
  return { file: name, dataStart, dataSize, tensors, metadata };
}

function parseMetadata(value: unknown, label: string): Record<string, string> {
  // The reference reads `__metadata__` as Option<HashMap<String, String>>: null means none.
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfuError(
      'INVALID_FILE',
      `${label}: ${metadataKey} must be an object of strings, got ${formatValue(value)}`,
    );
  }
  // No prototype: a "__proto__" key must stay an ordinary entry.
  const metadata = Object.create(null) as Record<string, string>;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') {
      throw new ConfuError(
        'INVALID_FILE',
        `${label}: ${metadataKey} value of ${formatValue(key)} must be a string, got ${formatValue(entry)}`,
      );
    }
    metadata[key] = entry;
  }
  return metadata;
}
