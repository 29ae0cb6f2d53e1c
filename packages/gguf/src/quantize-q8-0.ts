import { assertArgument } from '@confu/errors';
import { toFloat16Bits } from './float16.js';

/** Elements per q8_0 block. */
export const Q8_0_BLOCK_SIZE = 32;
/** Bytes per q8_0 block: fp16 scale `d`, then 32 int8 quants. */
export const Q8_0_BLOCK_BYTES = 2 + Q8_0_BLOCK_SIZE;

const fround = Math.fround;

/**
 * Quantizes to ggml q8_0, bit for bit as ggml's `quantize_row_q8_0_ref` (ggml-quants.c): per block
 * of 32, `d = max|x| / 127` and `q = roundf(x · (1/d))`, all in float32; `d` is stored as fp16.
 * @throws ConfuError `INVALID_ARGUMENT` unless the length is a multiple of 32.
 */
export function quantizeQ8_0(values: Float32Array): Uint8Array {
  assertArgument(
    values.length % Q8_0_BLOCK_SIZE === 0,
    `q8_0 needs a multiple of ${Q8_0_BLOCK_SIZE} values, got ${values.length}`,
  );
  const blocks = values.length / Q8_0_BLOCK_SIZE;
  const out = new Uint8Array(blocks * Q8_0_BLOCK_BYTES);
  const view = new DataView(out.buffer);
  for (let block = 0; block < blocks; block++) {
    const start = block * Q8_0_BLOCK_SIZE;
    let amax = 0;
    for (let j = 0; j < Q8_0_BLOCK_SIZE; j++) {
      amax = Math.max(amax, Math.abs(values[start + j] ?? 0));
    }
    const d = fround(amax / 127);
    const id = d ? fround(1 / d) : 0;
    const at = block * Q8_0_BLOCK_BYTES;
    view.setUint16(at, toFloat16Bits(d), true);
    for (let j = 0; j < Q8_0_BLOCK_SIZE; j++) {
      view.setInt8(at + 2 + j, roundHalfAwayFromZero(fround((values[start + j] ?? 0) * id)));
    }
  }
  return out;
}

/** C `roundf`: halves round away from zero (JavaScript's `Math.round` rounds them up). */
function roundHalfAwayFromZero(value: number): number {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}
