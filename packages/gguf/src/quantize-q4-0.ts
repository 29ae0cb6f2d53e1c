import { assertArgument } from '@confu/errors';
import { toFloat16Bits } from './float16.js';

/** Elements per q4_0 block. */
export const Q4_0_BLOCK_SIZE = 32;
/** Bytes per q4_0 block: fp16 scale `d`, then 16 bytes of 4-bit quants. */
export const Q4_0_BLOCK_BYTES = 2 + Q4_0_BLOCK_SIZE / 2;

const fround = Math.fround;
const half = Q4_0_BLOCK_SIZE / 2;

/**
 * Quantizes to ggml q4_0, bit for bit as ggml's `quantize_row_q4_0_ref` (ggml-quants.c): per block
 * of 32, `max` is the first value of largest magnitude (sign kept), `d = max / -8`,
 * `q = min(15, trunc(x · (1/d) + 8.5))`, all in float32; byte `j` holds element `j` in its low nibble
 * and element `j + 16` in its high nibble; `d` is stored as fp16.
 * @throws ConfuError `INVALID_ARGUMENT` unless the length is a multiple of 32.
 */
export function quantizeQ4_0(values: Float32Array): Uint8Array {
  assertArgument(
    values.length % Q4_0_BLOCK_SIZE === 0,
    `q4_0 needs a multiple of ${Q4_0_BLOCK_SIZE} values, got ${values.length}`,
  );
  const blocks = values.length / Q4_0_BLOCK_SIZE;
  const out = new Uint8Array(blocks * Q4_0_BLOCK_BYTES);
  const view = new DataView(out.buffer);
  for (let block = 0; block < blocks; block++) {
    const start = block * Q4_0_BLOCK_SIZE;
    let amax = 0;
    let max = 0;
    for (let j = 0; j < Q4_0_BLOCK_SIZE; j++) {
      const value = values[start + j] ?? 0;
      if (amax < Math.abs(value)) {
        amax = Math.abs(value);
        max = value;
      }
    }
    const d = fround(max / -8);
    const id = d ? fround(1 / d) : 0;
    const at = block * Q4_0_BLOCK_BYTES;
    view.setUint16(at, toFloat16Bits(d), true);
    for (let j = 0; j < half; j++) {
      const low = nibble(values[start + j] ?? 0, id);
      const high = nibble(values[start + half + j] ?? 0, id);
      out[at + 2 + j] = low | (high << 4);
    }
  }
  return out;
}

/** `MIN(15, (int8_t)(x·id + 8.5f))` in float32. */
function nibble(value: number, id: number): number {
  return Math.min(15, Math.trunc(fround(fround(value * id) + 8.5)));
}
