import type { OnnxDataType } from '@confu/onnx';

/** A dimension as inferred: a size, a symbolic name, or `null` when it cannot be known statically. */
export type InferredDim = number | string | null;

/** What the recorder knows about a tensor: its element type and (rank-exact) dimensions. */
export interface TensorInfo {
  readonly dtype: OnnxDataType;
  readonly dims: readonly InferredDim[];
}

/** True for the element types gradients flow through. */
export function isFloatType(dtype: OnnxDataType): boolean {
  return dtype === 'float32' || dtype === 'float16';
}

/** `TensorProto.DataType` code → dtype, for `Cast`'s `to` (float64 maps to `undefined`). */
export function dtypeOfCode(code: number): OnnxDataType | undefined {
  const byCode: Readonly<Record<number, OnnxDataType>> = {
    1: 'float32',
    2: 'uint8',
    3: 'int8',
    6: 'int32',
    7: 'int64',
    9: 'bool',
    10: 'float16',
  };
  return byCode[code];
}

/** The inverse of {@link dtypeOfCode}. */
export function codeOfDtype(dtype: OnnxDataType): number {
  const codes: Readonly<Record<OnnxDataType, number>> = {
    float32: 1,
    uint8: 2,
    int8: 3,
    int32: 6,
    int64: 7,
    bool: 9,
    float16: 10,
  };
  return codes[dtype];
}

/** The dims as numbers when every one is a fixed size, else `undefined`. */
export function staticDims(dims: readonly InferredDim[]): number[] | undefined {
  return dims.every((dim): dim is number => typeof dim === 'number') ? [...dims] : undefined;
}
