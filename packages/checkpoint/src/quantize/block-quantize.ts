import { assertArgument } from '@confu/errors';
import { float16ToFloat32, float32ToFloat16 } from '../safetensors/half-precision.js';

/** Values per quantisation block (ggml q4_0 / q8_0, ONNX Runtime MatMulNBits block_size 32). */
export const QUANT_BLOCK = 32;

/** Bits per code. */
export type QuantBits = 4 | 8;

/**
 * A `[rows, cols]` matrix quantised row by row in blocks of {@link QUANT_BLOCK} along `cols`
 * (the last block of a row zero-padded): `value ≈ (code − zero) · scale` with `zero` 8 (4 bit) or
 * 128 (8 bit), one code per value in `codes` (row-major over the padded width).
 */
export interface BlockQuantized {
  readonly bits: QuantBits;
  readonly rows: number;
  readonly cols: number;
  /** Blocks per row: `ceil(cols / 32)`. */
  readonly blocksPerRow: number;
  /** `[rows, blocksPerRow · 32]` codes in `[0, 2^bits)`. */
  readonly codes: Uint8Array;
  /** `[rows, blocksPerRow]` scales (rounded through float16, as ggml stores them). */
  readonly scales: Float32Array;
}

const fround = Math.fround;

/**
 * Block quantisation bit for bit as ggml's reference quantisers (ggml-quants.c), so confu and
 * llama.cpp run the same weights: 4 bit as `quantize_row_q4_0_ref` (`d = max / −8` with `max` the
 * first value of largest magnitude, `q = min(15, trunc(x/d + 8.5))`), 8 bit as
 * `quantize_row_q8_0_ref` (`d = amax / 127`, `q = roundf(x/d) + 128`), in float32, `d` through
 * float16.
 * @throws ConfuError `INVALID_ARGUMENT` when `values` is not `[rows, cols]`.
 */
export function blockQuantize(
  values: Float32Array,
  rows: number,
  cols: number,
  bits: QuantBits,
): BlockQuantized {
  assertArgument(
    Number.isInteger(rows) && Number.isInteger(cols) && rows * cols === values.length,
    `blockQuantize: ${values.length} values are not [${rows}, ${cols}]`,
  );
  const blocksPerRow = Math.ceil(cols / QUANT_BLOCK);
  const width = blocksPerRow * QUANT_BLOCK;
  const codes = new Uint8Array(rows * width);
  const raw = new Float32Array(rows * blocksPerRow);
  const block = new Float32Array(QUANT_BLOCK);
  for (let row = 0; row < rows; row++) {
    for (let b = 0; b < blocksPerRow; b++) {
      const start = row * cols + b * QUANT_BLOCK;
      const length = Math.min(QUANT_BLOCK, cols - b * QUANT_BLOCK);
      block.fill(0);
      block.set(values.subarray(start, start + length));
      const out = codes.subarray(
        row * width + b * QUANT_BLOCK,
        row * width + (b + 1) * QUANT_BLOCK,
      );
      raw[row * blocksPerRow + b] = bits === 4 ? quantizeQ4(block, out) : quantizeQ8(block, out);
    }
  }
  // ggml keeps d as float16; the codes above were computed with the float32 d, as ggml does.
  const scales = float16ToFloat32(float32ToFloat16(raw));
  return { bits, rows, cols, blocksPerRow, codes, scales };
}

/** Values back from codes (tests, reference passes): `[rows, cols]`. */
export function blockDequantize(q: BlockQuantized): Float32Array {
  const zero = q.bits === 4 ? 8 : 128;
  const width = q.blocksPerRow * QUANT_BLOCK;
  const out = new Float32Array(q.rows * q.cols);
  for (let row = 0; row < q.rows; row++) {
    for (let col = 0; col < q.cols; col++) {
      const scale = q.scales[row * q.blocksPerRow + Math.floor(col / QUANT_BLOCK)] as number;
      out[row * q.cols + col] = ((q.codes[row * width + col] as number) - zero) * scale;
    }
  }
  return out;
}

function quantizeQ4(block: Float32Array, out: Uint8Array): number {
  let amax = 0;
  let max = 0;
  for (const value of block) {
    if (amax < Math.abs(value)) {
      amax = Math.abs(value);
      max = value;
    }
  }
  const d = fround(max / -8);
  const id = d ? fround(1 / d) : 0;
  block.forEach((value, j) => {
    out[j] = Math.min(15, Math.trunc(fround(fround(value * id) + 8.5)));
  });
  return d;
}

function quantizeQ8(block: Float32Array, out: Uint8Array): number {
  let amax = 0;
  for (const value of block) amax = Math.max(amax, Math.abs(value));
  const d = fround(amax / 127);
  const id = d ? fround(1 / d) : 0;
  block.forEach((value, j) => {
    const scaled = fround(value * id);
    // C roundf: halves away from zero.
    out[j] = (scaled < 0 ? -Math.round(-scaled) : Math.round(scaled)) + 128;
  });
  return d;
}
