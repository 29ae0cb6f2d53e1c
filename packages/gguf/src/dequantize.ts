import { fromFloat16Bits } from './float16.js';
import { Q4_0_BLOCK_BYTES, Q4_0_BLOCK_SIZE } from './quantize-q4-0.js';
import { Q8_0_BLOCK_BYTES, Q8_0_BLOCK_SIZE } from './quantize-q8-0.js';

/** q8_0 blocks → float32, as ggml's `dequantize_row_q8_0`: `x = d · q`. */
export function dequantizeQ8_0(bytes: Uint8Array): Float32Array {
  const blocks = Math.floor(bytes.length / Q8_0_BLOCK_BYTES);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(blocks * Q8_0_BLOCK_SIZE);
  for (let block = 0; block < blocks; block++) {
    const at = block * Q8_0_BLOCK_BYTES;
    const d = fromFloat16Bits(view.getUint16(at, true));
    for (let j = 0; j < Q8_0_BLOCK_SIZE; j++) {
      out[block * Q8_0_BLOCK_SIZE + j] = d * view.getInt8(at + 2 + j);
    }
  }
  return out;
}

/** q4_0 blocks → float32, as ggml's `dequantize_row_q4_0`: `x = d · (q - 8)`. */
export function dequantizeQ4_0(bytes: Uint8Array): Float32Array {
  const blocks = Math.floor(bytes.length / Q4_0_BLOCK_BYTES);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(blocks * Q4_0_BLOCK_SIZE);
  const half = Q4_0_BLOCK_SIZE / 2;
  for (let block = 0; block < blocks; block++) {
    const at = block * Q4_0_BLOCK_BYTES;
    const d = fromFloat16Bits(view.getUint16(at, true));
    for (let j = 0; j < half; j++) {
      const byte = bytes[at + 2 + j] ?? 0;
      out[block * Q4_0_BLOCK_SIZE + j] = d * ((byte & 0x0f) - 8);
      out[block * Q4_0_BLOCK_SIZE + half + j] = d * ((byte >> 4) - 8);
    }
  }
  return out;
}
