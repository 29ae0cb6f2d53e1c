import { ConfuError } from '@confu/errors';
import { isSafetensorsDtype, safetensorsItemSize } from './dtype.js';
import type { SafetensorsDtype } from './dtype.js';
import { formatValue } from './format-value.js';
import { float32ToBfloat16, float32ToFloat16 } from './half-precision.js';
import { assertLittleEndianHost, valueArrayOf } from './safetensors-array.js';
import type { SafetensorsArrayMap } from './safetensors-array.js';

/**
 * One tensor to write. `data` is the in-memory array of the dtype ({@link SafetensorsArrayMap}):
 * `F16` and `BF16` take a `Float32Array` and are rounded to nearest even.
 */
export type SafetensorsTensorInput = {
  [TDtype in SafetensorsDtype]: {
    readonly dtype: TDtype;
    readonly shape: readonly number[];
    readonly data: SafetensorsArrayMap[TDtype];
  };
}[SafetensorsDtype];

const encoder = new TextEncoder();

/**
 * Serialises tensors to the safetensors format as the reference implementation does: tensors
 * ordered by decreasing item size, then by name (so every tensor is aligned to its item size),
 * and the JSON header padded with spaces to a multiple of 8 bytes.
 * @throws ConfuError `INVALID_ARGUMENT` for a bad name, shape, data array or metadata value.
 */
export function writeSafetensors(
  tensors: Readonly<Record<string, SafetensorsTensorInput>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const encoded = Object.entries(tensors).map(([name, tensor]) => ({
    name,
    dtype: tensor.dtype,
    shape: tensor.shape,
    bytes: encodeTensor(name, tensor),
  }));
  const layout = safetensorsLayout(encoded, metadata);
  const file = new Uint8Array(layout.header.length + layout.dataBytes);
  file.set(layout.header);
  let position = layout.header.length;
  for (const { bytes } of layout.order) {
    file.set(bytes, position);
    position += bytes.length;
  }
  return file;
}

/** A tensor whose data is built only when it is written (see {@link streamSafetensors}). */
export interface LazySafetensorsTensor {
  readonly name: string;
  readonly dtype: SafetensorsTensorInput['dtype'];
  readonly shape: readonly number[];
  /** Builds the data, as {@link SafetensorsTensorInput} takes it for `dtype`. */
  data(): SafetensorsTensorInput['data'];
}

/** Receives a file chunk by chunk, in order (a file handle, a stream, an array in tests). */
export interface ByteSink {
  write(chunk: Uint8Array): void | Promise<void>;
}

/**
 * {@link writeSafetensors} for files too large to hold: the header from the shapes alone, then one
 * tensor at a time, built, encoded and written before the next (memory: the largest tensor).
 * @returns the bytes written.
 * @throws ConfuError `INVALID_ARGUMENT` as {@link writeSafetensors}, or when a built tensor does
 * not match its declared shape.
 */
export async function streamSafetensors(
  sink: ByteSink,
  tensors: readonly LazySafetensorsTensor[],
  metadata?: Readonly<Record<string, string>>,
): Promise<number> {
  const layout = safetensorsLayout(
    tensors.map((tensor) => ({ ...tensor, bytes: undefined })),
    metadata,
  );
  await sink.write(layout.header);
  for (const entry of layout.order) {
    const tensor = entry as unknown as LazySafetensorsTensor;
    const input = { dtype: tensor.dtype, shape: tensor.shape, data: tensor.data() };
    await sink.write(encodeTensor(tensor.name, input as SafetensorsTensorInput));
  }
  return layout.header.length + layout.dataBytes;
}

interface LayoutEntry {
  readonly name: string;
  readonly dtype: SafetensorsTensorInput['dtype'];
  readonly shape: readonly number[];
  readonly bytes: Uint8Array | undefined;
}

/** The padded header and the write order of `entries` (reference order), from shapes alone. */
function safetensorsLayout<TEntry extends LayoutEntry>(
  entries: readonly TEntry[],
  metadata: Readonly<Record<string, string>> | undefined,
): { header: Uint8Array; order: TEntry[]; dataBytes: number } {
  assertLittleEndianHost();
  const order = [...entries].sort(
    (a, b) =>
      safetensorsItemSize[b.dtype] - safetensorsItemSize[a.dtype] ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const fields: string[] = [];
  if (metadata) fields.push(`"__metadata__":${encodeMetadata(metadata)}`);
  let offset = 0;
  for (const entry of order) {
    if (!isSafetensorsDtype(entry.dtype)) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `tensor ${formatValue(entry.name)}: unknown dtype ${formatValue(entry.dtype)}`,
      );
    }
    const length =
      entry.bytes?.length ??
      entry.shape.reduce((product, dim) => product * dim, 1) * safetensorsItemSize[entry.dtype];
    const record = {
      dtype: entry.dtype,
      shape: entry.shape,
      data_offsets: [offset, offset + length],
    };
    fields.push(`${JSON.stringify(entry.name)}:${JSON.stringify(record)}`);
    offset += length;
  }
  // Built by hand: JSON.stringify of an object would move integer-like names to the front.
  const json = encoder.encode(`{${fields.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const header = new Uint8Array(8 + headerLength);
  new DataView(header.buffer).setBigUint64(0, BigInt(headerLength), true);
  header.set(json, 8);
  header.fill(0x20, 8 + json.length);
  return { header, order, dataBytes: offset };
}

function encodeTensor(name: string, tensor: SafetensorsTensorInput): Uint8Array {
  const fail = (message: string): never => {
    throw new ConfuError('INVALID_ARGUMENT', `tensor ${formatValue(name)}: ${message}`);
  };
  if (name === '__metadata__') fail('the name is reserved for metadata');
  const { dtype, shape, data } = tensor;
  if (!isSafetensorsDtype(dtype)) fail(`unknown dtype ${formatValue(dtype)}`);
  if (!shape.every((dim) => Number.isSafeInteger(dim) && dim >= 0)) {
    fail(`shape ${formatValue(shape)} must hold non-negative integers`);
  }
  const expected = valueArrayOf[dtype].name;
  if (!ArrayBuffer.isView(data) || data[Symbol.toStringTag] !== expected) {
    fail(`${dtype} data must be a ${expected}`);
  }
  const numel = shape.reduce((product, dim) => product * dim, 1);
  if (data.length !== numel)
    fail(`shape ${formatValue(shape)} needs ${numel} values, got ${data.length}`);
  if (dtype === 'BOOL' && data.some((value) => value > 1)) fail('BOOL data must hold 0 or 1');
  if (dtype === 'F16') return asBytes(float32ToFloat16(data));
  if (dtype === 'BF16') return asBytes(float32ToBfloat16(data));
  return asBytes(data);
}

function encodeMetadata(metadata: Readonly<Record<string, string>>): string {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `metadata value of ${formatValue(key)} must be a string, got ${formatValue(value)}`,
      );
    }
  }
  return JSON.stringify(metadata);
}

function asBytes(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
