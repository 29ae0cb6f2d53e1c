import { describe, expect, it } from 'vitest';
import golden from './__fixtures__/ggml-quants-golden.json' with { type: 'json' };
import { seededFloats } from './__fixtures__/read-gguf.js';
import { dequantizeQ8_0 } from './dequantize.js';
import { fromFloat16Bits } from './float16.js';
import { Q8_0_BLOCK_BYTES, quantizeQ8_0 } from './quantize-q8-0.js';

function block(values: Record<number, number>): Float32Array {
  const out = new Float32Array(32);
  for (const [index, value] of Object.entries(values)) out[Number(index)] = value;
  return out;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

describe('quantizeQ8_0', () => {
  it('rounds halves away from zero with d = max|x| / 127', () => {
    const values = block({ 0: 127, 1: -127, 2: 0.5, 3: -0.5, 4: 1.5, 5: -1.5, 6: 2.5, 7: -2.5 });
    values.set([0.49, -0.49, 126.5, -126.5], 8);

    const bytes = quantizeQ8_0(values);

    // d = 1.0 = fp16 0x3c00, little-endian; then int8 quants.
    expect(hex(bytes.subarray(0, 2))).toBe('003c');
    expect(Array.from(new Int8Array(bytes.buffer, 2, 12))).toEqual([
      127, -127, 1, -1, 2, -2, 3, -3, 0, 0, 127, -127,
    ]);
    expect(bytes.subarray(14).every((byte) => byte === 0)).toBe(true);
  });

  it('takes the scale from a negative maximum', () => {
    const bytes = quantizeQ8_0(block({ 0: -254, 1: 127, 2: -127, 3: 1, 4: -1, 5: 3, 6: -3 }));

    expect(hex(bytes.subarray(0, 2))).toBe('0040'); // d = 2.0
    expect(Array.from(new Int8Array(bytes.buffer, 2, 8))).toEqual([-127, 64, -64, 1, -1, 2, -2, 0]);
  });

  it('writes d = 0 and zero quants for an all-zero block', () => {
    expect(Array.from(quantizeQ8_0(new Float32Array(32)))).toEqual(new Array(34).fill(0));
  });

  it('equals llama.cpp gguf-py quantizer bytes on random blocks', () => {
    for (const entry of golden.cases) {
      expect(hex(quantizeQ8_0(Float32Array.from(entry.values)))).toBe(entry.q8_0);
    }
  });

  it('dequantizes within d · (1/2 + 127 · 2^-11) of the input', () => {
    const values = seededFloats(32 * 64, 3, 2);

    const bytes = quantizeQ8_0(values);
    const restored = dequantizeQ8_0(bytes);

    for (let block = 0; block < 64; block++) {
      const d = fromFloat16Bits(
        new DataView(bytes.buffer).getUint16(block * Q8_0_BLOCK_BYTES, true),
      );
      for (let j = 0; j < 32; j++) {
        const i = block * 32 + j;
        expect(Math.abs((restored[i] ?? 0) - (values[i] ?? 0))).toBeLessThanOrEqual(
          d * (0.5 + 127 * 2 ** -11) + 1e-7,
        );
      }
    }
  });

  it('rejects a length that is not a multiple of 32', () => {
    expect(() => quantizeQ8_0(new Float32Array(31))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
