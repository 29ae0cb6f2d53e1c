import { describe, expect, it } from 'vitest';
import golden from './__fixtures__/ggml-quants-golden.json' with { type: 'json' };
import { seededFloats } from './__fixtures__/read-gguf.js';
import { dequantizeQ4_0 } from './dequantize.js';
import { fromFloat16Bits } from './float16.js';
import { Q4_0_BLOCK_BYTES, quantizeQ4_0 } from './quantize-q4-0.js';

function block(values: Record<number, number>): Float32Array {
  const out = new Float32Array(32);
  for (const [index, value] of Object.entries(values)) out[Number(index)] = value;
  return out;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

describe('quantizeQ4_0', () => {
  it('uses d = max / -8 for a negative maximum and truncates x/d + 8.5', () => {
    const bytes = quantizeQ4_0(
      block({ 0: -8, 1: 7, 2: 7.4, 3: 0, 4: -0.5, 5: -0.6, 6: 1, 7: -7.9 }),
    );

    // d = 1.0; q = [0, 15, 15, 8, 8, 7, 9, 0] in the low nibbles; elements 16..31 are 0 → q 8.
    expect(hex(bytes)).toBe('003c' + '808f8f8888878980' + '88'.repeat(8));
  });

  it('keeps the sign of the first value of largest magnitude (ties) and clamps q at 15', () => {
    const positiveFirst = quantizeQ4_0(block({ 0: 8, 1: -8, 16: 4, 17: -4 }));
    const negativeFirst = quantizeQ4_0(block({ 0: -8, 1: 8 }));

    // d = -1: 8 → 0, -8 → 16.5 → 15, 4 → 4 (high nibble of byte 0), -4 → 12 (byte 1).
    expect(hex(positiveFirst)).toBe('00bc' + '40cf' + '88'.repeat(14));
    expect(hex(negativeFirst.subarray(0, 4))).toBe('003c' + '80' + '8f');
  });

  it('writes d = -0 (max / -8) and q = 8 for an all-zero block', () => {
    expect(hex(quantizeQ4_0(new Float32Array(32)))).toBe('0080' + '88'.repeat(16));
  });

  it('equals llama.cpp gguf-py quantizer bytes on random blocks', () => {
    for (const entry of golden.cases) {
      expect(hex(quantizeQ4_0(Float32Array.from(entry.values)))).toBe(entry.q4_0);
    }
  });

  it('dequantizes within |d| (one step where q clamps at 15) of the input', () => {
    const values = seededFloats(32 * 64, 5, 3);

    const bytes = quantizeQ4_0(values);
    const restored = dequantizeQ4_0(bytes);

    let squaredError = 0;
    let squaredValue = 0;
    for (let block = 0; block < 64; block++) {
      const d = fromFloat16Bits(
        new DataView(bytes.buffer).getUint16(block * Q4_0_BLOCK_BYTES, true),
      );
      for (let j = 0; j < 32; j++) {
        const i = block * 32 + j;
        const error = (restored[i] ?? 0) - (values[i] ?? 0);
        expect(Math.abs(error)).toBeLessThanOrEqual(Math.abs(d) * (1 + 16 * 2 ** -11) + 1e-6);
        squaredError += error ** 2;
        squaredValue += (values[i] ?? 0) ** 2;
      }
    }
    // Uniform data over 16 levels: relative RMS error about 1/(16·√3) ≈ 0.04 of the range.
    expect(Math.sqrt(squaredError / squaredValue)).toBeLessThan(0.12);
  });
});
