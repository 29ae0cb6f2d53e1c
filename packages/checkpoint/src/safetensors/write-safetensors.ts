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
  assertLittleEndianHost();
  const ordered = Object.entries(tensors)
    .map(([name, tensor]) => ({ name, tensor, bytes: encodeTensor(name, tensor) }))
    .sort(
      (a, b) =>
        safetensorsItemSize[b.tensor.dtype] - safetensorsItemSize[a.tensor.dtype] ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
  const fields: string[] = [];
  if (metadata) fields.push(`"__metadata__":${encodeMetadata(metadata)}`);
  let offset = 0;
  for (const { name, tensor, bytes } of ordered) {
    const entry = {
      dtype: tensor.dtype,
      shape: tensor.shape,
      data_offsets: [offset, offset + bytes.length],
    };
    fields.push(`${JSON.stringify(name)}:${JSON.stringify(entry)}`);
    offset += bytes.length;
  }
  // Built by hand: JSON.stringify of an object would move integer-like names to the front.
  const json = encoder.encode(`{${fields.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const file = new Uint8Array(8 + headerLength + offset);
  new DataView(file.buffer).setBigUint64(0, BigInt(headerLength), true);
  file.set(json, 8);
  file.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const { bytes } of ordered) {
    file.set(bytes, position);
    position += bytes.length;
  }
  return file;
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
