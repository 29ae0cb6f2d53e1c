import { assertArgument } from '@confu/errors';
import { blockQuantize } from '@confu/checkpoint';
import { toFloat16Bits } from './float16.js';

/** Elements per q4_0 block. */
export const Q4_0_BLOCK_SIZE = 32;
/** Bytes per q4_0 block: fp16 scale `d`, then 16 bytes of 4-bit quants. */
export const Q4_0_BLOCK_BYTES = 2 + Q4_0_BLOCK_SIZE / 2;

const half = Q4_0_BLOCK_SIZE / 2;

/**
 * Quantizes to ggml q4_0, bit for bit as ggml's `quantize_row_q4_0_ref` (the codes and scales of
 * `blockQuantize`): byte `j` of a block holds element `j` in its low nibble and element `j + 16` in
 * its high nibble, after the fp16 scale `d`.
 * @throws ConfuError `INVALID_ARGUMENT` unless the length is a multiple of 32.
 */
export function quantizeQ4_0(values: Float32Array): Uint8Array {
  assertArgument(
    values.length % Q4_0_BLOCK_SIZE === 0,
    `q4_0 needs a multiple of ${Q4_0_BLOCK_SIZE} values, got ${values.length}`,
  );
  const blocks = values.length / Q4_0_BLOCK_SIZE;
  const { codes, scales } = blockQuantize(values, blocks, Q4_0_BLOCK_SIZE, 4);
  const out = new Uint8Array(blocks * Q4_0_BLOCK_BYTES);
  const view = new DataView(out.buffer);
  for (let block = 0; block < blocks; block++) {
    const at = block * Q4_0_BLOCK_BYTES;
    const start = block * Q4_0_BLOCK_SIZE;
    view.setUint16(at, toFloat16Bits(scales[block] as number), true);
    for (let j = 0; j < half; j++) {
      out[at + 2 + j] = (codes[start + j] as number) | ((codes[start + half + j] as number) << 4);
    }
  }
  return out;
}
