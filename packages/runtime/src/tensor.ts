import type { DataTypeMap, DType, Tensor } from '@confu/core';
import { ConfuError } from '@confu/errors';

/** Number of elements implied by `dims` (1 for a scalar). */
export function elementCount(dims: readonly number[]): number {
  let count = 1;
  for (const dim of dims) count *= dim;
  return count;
}

/**
 * Wraps `data` as a tensor without copying it.
 * @throws ConfuError `INVALID_ARGUMENT` when a dim is not a non-negative integer or the data
 * length does not match the dims.
 */
export function createTensor<TType extends DType>(
  dtype: TType,
  data: DataTypeMap[TType],
  dims: readonly number[],
): Tensor<TType> {
  for (const dim of dims) {
    if (!Number.isInteger(dim) || dim < 0) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `tensor dims must be non-negative integers, got [${dims.join(', ')}]`,
      );
    }
  }
  const count = elementCount(dims);
  if (data.length !== count) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `tensor data has ${data.length} elements but dims [${dims.join(', ')}] need ${count}`,
    );
  }
  return { dtype, dims: [...dims], data };
}

/** Narrows a tensor to an expected dtype. @throws ConfuError `INVALID_ARGUMENT`. */
export function expectDType<TType extends DType>(
  tensor: Tensor,
  dtype: TType,
  name: string,
): Tensor<TType> {
  if (tensor.dtype !== dtype) {
    throw new ConfuError('INVALID_ARGUMENT', `\`${name}\` must be ${dtype}, got ${tensor.dtype}`);
  }
  return tensor as Tensor<TType>;
}
