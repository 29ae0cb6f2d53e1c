import type { BlockQuantized } from './block-quantize.js';
import { QUANT_BLOCK } from './block-quantize.js';

/**
 * The `[rows, blocksPerRow, 32 · bits / 8]` bytes ONNX Runtime's `MatMulNBits` and
 * `GatherBlockQuantized` read: 8-bit codes as they are, 4-bit codes two per byte, the earlier
 * value in the low nibble.
 */
export function packOnnxCodes(q: BlockQuantized): Uint8Array {
  if (q.bits === 8) return q.codes;
  const packed = new Uint8Array(q.codes.length / 2);
  for (let i = 0; i < packed.length; i++) {
    packed[i] = (q.codes[2 * i] as number) | ((q.codes[2 * i + 1] as number) << 4);
  }
  return packed;
}

/** Bytes per block in the packed layouts: 16 (4 bit) or 32 (8 bit). */
export function blockBytes(bits: 4 | 8): number {
  return (QUANT_BLOCK * bits) / 8;
}
