/** Element types a tensor can hold. `bool` is stored one byte per element (0 or 1). */
export type DType = 'float32' | 'float16' | 'int32' | 'int64' | 'uint8' | 'bool';

/** The typed array that backs each dtype. `float16` holds raw IEEE half bits. */
export interface DataTypeMap {
  float32: Float32Array;
  float16: Uint16Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
  bool: Uint8Array;
}

/**
 * A dense, row-major tensor: a plain readonly object over a typed array (no copy).
 * `data.length` equals the product of `dims`.
 */
export interface Tensor<TType extends DType = DType> {
  readonly dtype: TType;
  readonly dims: readonly number[];
  readonly data: DataTypeMap[TType];
}
