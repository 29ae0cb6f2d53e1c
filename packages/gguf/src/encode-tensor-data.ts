import { float32ToFloat16 } from '@confu/checkpoint';
import type { GgmlTypeName } from './gguf-constants.js';
import { ggmlBlockLayout } from './gguf-constants.js';
import { quantizeQ4_0 } from './quantize-q4-0.js';
import { quantizeQ8_0 } from './quantize-q8-0.js';

/** Bytes of a tensor of `elements` values stored as `type`. */
export function tensorByteSize(type: GgmlTypeName, elements: number): number {
  const { blockSize, blockBytes } = ggmlBlockLayout[type];
  return (elements / blockSize) * blockBytes;
}

/** Row-major float32 values → the bytes ggml stores for `type` (little-endian). */
export function encodeTensorData(values: Float32Array, type: GgmlTypeName): Uint8Array {
  switch (type) {
    case 'f32':
      return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    case 'f16': {
      const half = float32ToFloat16(values);
      return new Uint8Array(half.buffer, half.byteOffset, half.byteLength);
    }
    case 'q8_0':
      return quantizeQ8_0(values);
    case 'q4_0':
      return quantizeQ4_0(values);
  }
}
