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

/** The dims as numbers when every one is a fixed size, else `undefined`. */
export function staticDims(dims: readonly InferredDim[]): number[] | undefined {
  return dims.every((dim): dim is number => typeof dim === 'number') ? [...dims] : undefined;
}
