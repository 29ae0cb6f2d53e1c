import { assertArgument } from '@confu/errors';
import { blockQuantize } from '@confu/checkpoint';
import { toFloat16Bits } from './float16.js';

/** Elements per q8_0 block. */
export const Q8_0_BLOCK_SIZE = 32;
/** Bytes per q8_0 block: fp16 scale `d`, then 32 int8 quants. */
export const Q8_0_BLOCK_BYTES = 2 + Q8_0_BLOCK_SIZE;

/**
 * Quantizes to ggml q8_0, bit for bit as ggml's `quantize_row_q8_0_ref` (the codes and scales of
 * `blockQuantize`, codes stored as int8 `code − 128`), after the fp16 scale `d`.
 * @throws ConfuError `INVALID_ARGUMENT` unless the length is a multiple of 32.
 */
export function quantizeQ8_0(values: Float32Array): Uint8Array {
  assertArgument(
    values.length % Q8_0_BLOCK_SIZE === 0,
    `q8_0 needs a multiple of ${Q8_0_BLOCK_SIZE} values, got ${values.length}`,
  );
  const blocks = values.length / Q8_0_BLOCK_SIZE;
  const { codes, scales } = blockQuantize(values, blocks, Q8_0_BLOCK_SIZE, 8);
  const out = new Uint8Array(blocks * Q8_0_BLOCK_BYTES);
  const view = new DataView(out.buffer);
  for (let block = 0; block < blocks; block++) {
    const at = block * Q8_0_BLOCK_BYTES;
    view.setUint16(at, toFloat16Bits(scales[block] as number), true);
    for (let j = 0; j < Q8_0_BLOCK_SIZE; j++) {
      view.setInt8(at + 2 + j, (codes[block * Q8_0_BLOCK_SIZE + j] as number) - 128);
    }
  }
  return out;
}
