import { ConfuError } from '@confu/errors';
import type { DType, Tensor } from '@confu/core';
import { isDType } from './dtypes.js';
import type { Tensor as OrtTensor } from 'onnxruntime-common';

type OrtTensorClass = typeof OrtTensor;

/**
 * Wraps our tensor as an ORT tensor without copying: ORT keeps a reference to the typed array.
 * Our dtype names are ORT's, and `bool` is one byte per element in both.
 * @throws ConfuError `INVALID_ARGUMENT` when ORT rejects the data (e.g. a wrong typed array).
 */
export function toOrtTensor(Tensor: OrtTensorClass, name: string, tensor: Tensor): OrtTensor {
  try {
    // The constructor is overloaded per dtype; our DataTypeMap[dtype] matches each overload.
    return new Tensor(tensor.dtype as 'float32', tensor.data as Float32Array, tensor.dims);
  } catch (cause) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `feed \`${name}\` is not a valid ${tensor.dtype} tensor`,
      { cause },
    );
  }
}

/**
 * Exposes an ORT output as our tensor without copying.
 * @throws ConfuError `UNSUPPORTED` for element types outside {@link DType}.
 */
export function fromOrtTensor(name: string, tensor: OrtTensor): Tensor {
  if (!isDType(tensor.type)) {
    throw new ConfuError(
      'UNSUPPORTED',
      `output \`${name}\` has element type \`${tensor.type}\`, which confu tensors cannot hold`,
    );
  }
  let data = tensor.data as Tensor['data'] | ArrayBufferView;
  // Where Float16Array exists ORT may return one; our float16 tensors hold raw bits.
  if (tensor.type === 'float16' && !(data instanceof Uint16Array)) {
    data = new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
  }
  return { dtype: tensor.type as DType, dims: [...tensor.dims], data: data as Tensor['data'] };
}
