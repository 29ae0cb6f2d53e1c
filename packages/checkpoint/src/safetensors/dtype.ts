/**
 * safetensors element types this package understands. Floats (`F32`, `F16`, `BF16`) carry
 * weights; the integer and boolean types carry tables such as draft-head `d2t` / `t2d`.
 * Other safetensors dtypes (`F8_*`, sub-byte `F4` / `F6_*`) are reported as unsupported.
 */
export type SafetensorsDtype =
  | 'F64'
  | 'F32'
  | 'F16'
  | 'BF16'
  | 'I64'
  | 'I32'
  | 'I16'
  | 'I8'
  | 'U64'
  | 'U32'
  | 'U16'
  | 'U8'
  | 'BOOL';

/** Bytes per element of each {@link SafetensorsDtype}. */
export const safetensorsItemSize: Readonly<Record<SafetensorsDtype, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
};

/** True when `value` names a {@link SafetensorsDtype}. */
export function isSafetensorsDtype(value: unknown): value is SafetensorsDtype {
  return typeof value === 'string' && Object.hasOwn(safetensorsItemSize, value);
}

/** True for the dtypes {@link readTensor} widens to `Float32Array`. */
export function isFloatWeightDtype(dtype: SafetensorsDtype): dtype is 'F32' | 'F16' | 'BF16' {
  return dtype === 'F32' || dtype === 'F16' || dtype === 'BF16';
}
