import { ConfuError } from '@confu/errors';

/** Element types the graph writer can declare and store. */
export type OnnxDataType = 'float32' | 'float16' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';

/** A dimension: a fixed size, or a symbolic name such as `'sequence'`. */
export type Dim = number | string;

/** Typed-array storage of each {@link OnnxDataType} (float16 as raw `Uint16Array` bits, bool as bytes). */
export interface OnnxArrayMap {
  readonly float32: Float32Array;
  readonly float16: Uint16Array;
  readonly int64: BigInt64Array;
  readonly int32: Int32Array;
  readonly int8: Int8Array;
  readonly uint8: Uint8Array;
  readonly bool: Uint8Array;
}

/** `TensorProto.DataType` codes. */
const dataTypeCodes: Readonly<Record<OnnxDataType, number>> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
};

/** The `TensorProto.DataType` code of `dtype`. */
export function onnxDataTypeCode(dtype: OnnxDataType): number {
  return dataTypeCodes[dtype];
}

const dataTypesByCode: ReadonlyMap<number, OnnxDataType> = new Map(
  Object.entries(dataTypeCodes).map(([dtype, code]) => [code, dtype as OnnxDataType]),
);

/** The dtype of a `TensorProto.DataType` code (e.g. `Cast`'s `to`); `undefined` for others (float64). */
export function onnxDataTypeOfCode(code: number): OnnxDataType | undefined {
  return dataTypesByCode.get(code);
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Little-endian bytes of a typed array, as ONNX stores them. Zero-copy: the result aliases `data`,
 * so multi-gigabyte weights are never duplicated on the way to external data.
 */
export function typedArrayBytes(data: ArrayBufferView): Uint8Array {
  if (!littleEndian) {
    throw new ConfuError('UNSUPPORTED', 'ONNX serialisation requires a little-endian platform');
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Product of fixed dimensions. */
export function elementCountOf(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}
