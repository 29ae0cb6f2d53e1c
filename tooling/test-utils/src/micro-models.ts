import type { DType } from '@confu/core';
import { encodeOnnxModel } from './onnx-writer.js';
import type { EncodedOnnxModel } from './onnx-writer.js';

/** `sum = a + b`, all float32 `[2, 3]` (fixed dims, so a wrong-shaped feed is rejected). */
export function createAddModel(): Uint8Array {
  return encodeOnnxModel({
    inputs: [
      { name: 'a', dtype: 'float32', dims: [2, 3] },
      { name: 'b', dtype: 'float32', dims: [2, 3] },
    ],
    outputs: [{ name: 'sum', dtype: 'float32', dims: [2, 3] }],
    nodes: [{ op: 'Add', inputs: ['a', 'b'], outputs: ['sum'] }],
  }).model;
}

/** `product = a · b`, float32 `[2, 3] · [3, 2] → [2, 2]`. */
export function createMatMulModel(): Uint8Array {
  return encodeOnnxModel({
    inputs: [
      { name: 'a', dtype: 'float32', dims: [2, 3] },
      { name: 'b', dtype: 'float32', dims: [3, 2] },
    ],
    outputs: [{ name: 'product', dtype: 'float32', dims: [2, 2] }],
    nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['product'] }],
  }).model;
}

/** `y = x`, float32 `[batch, n]` with symbolic dims. */
export function createIdentityModel(): Uint8Array {
  return encodeOnnxModel({
    inputs: [{ name: 'x', dtype: 'float32', dims: ['batch', 'n'] }],
    outputs: [{ name: 'y', dtype: 'float32', dims: ['batch', 'n'] }],
    nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
  }).model;
}

/** The dtypes {@link createDTypeModel} round-trips. */
export const roundTripDTypes = [
  'float32',
  'int32',
  'int64',
  'bool',
  'uint8',
] as const satisfies readonly DType[];

/**
 * For each dtype `t` of {@link roundTripDTypes}: input `t_in` `[n]` → `Identity` → output `t_out`.
 * Two extra outputs compute on the values: `int64_doubled = int64_in + int64_in` and
 * `bool_not = Not(bool_in)`.
 */
export function createDTypeModel(): Uint8Array {
  return encodeOnnxModel({
    inputs: roundTripDTypes.map((dtype) => ({ name: `${dtype}_in`, dtype, dims: ['n'] })),
    outputs: [
      ...roundTripDTypes.map((dtype) => ({ name: `${dtype}_out`, dtype, dims: ['n'] })),
      { name: 'int64_doubled', dtype: 'int64', dims: ['n'] },
      { name: 'bool_not', dtype: 'bool', dims: ['n'] },
    ],
    nodes: [
      ...roundTripDTypes.map((dtype) => ({
        op: 'Identity',
        inputs: [`${dtype}_in`],
        outputs: [`${dtype}_out`],
      })),
      { op: 'Add', inputs: ['int64_in', 'int64_in'], outputs: ['int64_doubled'] },
      { op: 'Not', inputs: ['bool_in'], outputs: ['bool_not'] },
    ],
  }).model;
}

/** Weights of {@link createExternalDataModel}: `[[1, 2, 3], [4, 5, 6]]`. */
export const externalWeights: Float32Array = Float32Array.of(1, 2, 3, 4, 5, 6);

/**
 * `y = x + w` (float32 `[2, 3]`), where the initializer `w` ({@link externalWeights}) lives in the
 * external data file `weights.bin`.
 */
export function createExternalDataModel(): EncodedOnnxModel {
  return encodeOnnxModel({
    inputs: [{ name: 'x', dtype: 'float32', dims: [2, 3] }],
    outputs: [{ name: 'y', dtype: 'float32', dims: [2, 3] }],
    nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }],
    initializers: [
      { name: 'w', dtype: 'float32', dims: [2, 3], data: externalWeights, external: true },
    ],
  });
}
