import { ConfuError } from '@confu/errors';
import type { SafetensorsDtype } from './dtype.js';

/**
 * The typed array holding a tensor's values in memory: `Float32Array` for `F32`, `F16` and
 * `BF16` (halves are widened), `Uint8Array` for `U8` and `BOOL` (0 / 1), and the array of the
 * same width and signedness for the other dtypes.
 */
export interface SafetensorsArrayMap {
  F64: Float64Array;
  F32: Float32Array;
  F16: Float32Array;
  BF16: Float32Array;
  I64: BigInt64Array;
  I32: Int32Array;
  I16: Int16Array;
  I8: Int8Array;
  U64: BigUint64Array;
  U32: Uint32Array;
  U16: Uint16Array;
  U8: Uint8Array;
  BOOL: Uint8Array;
}

/** Any array of {@link SafetensorsArrayMap}. */
export type SafetensorsArray = SafetensorsArrayMap[SafetensorsDtype];

type ArrayConstructorOf = new (buffer: ArrayBuffer) => SafetensorsArray;

/** Constructor of the array each dtype's bytes are viewed as (halves as raw `Uint16Array`). */
export const storageArrayOf: Readonly<Record<SafetensorsDtype, ArrayConstructorOf>> = {
  F64: Float64Array,
  F32: Float32Array,
  F16: Uint16Array,
  BF16: Uint16Array,
  I64: BigInt64Array,
  I32: Int32Array,
  I16: Int16Array,
  I8: Int8Array,
  U64: BigUint64Array,
  U32: Uint32Array,
  U16: Uint16Array,
  U8: Uint8Array,
  BOOL: Uint8Array,
};

/** Constructor of the in-memory array of each dtype ({@link SafetensorsArrayMap}). */
export const valueArrayOf: Readonly<Record<SafetensorsDtype, ArrayConstructorOf>> = {
  ...storageArrayOf,
  F16: Float32Array,
  BF16: Float32Array,
};

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * safetensors is little-endian and tensors are viewed through typed arrays, which use the host
 * order; every JavaScript host in practice is little-endian, so big-endian ones are refused.
 */
export function assertLittleEndianHost(): void {
  if (!littleEndian) {
    throw new ConfuError('UNSUPPORTED', 'safetensors needs a little-endian host');
  }
}
