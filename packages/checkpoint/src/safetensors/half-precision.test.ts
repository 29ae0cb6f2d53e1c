import { describe, expect, it } from 'vitest';
import {
  bfloat16ToFloat32,
  float16ToFloat32,
  float32ToBfloat16,
  float32ToFloat16,
} from './half-precision.js';

const half = (bits: number[]): Float32Array => float16ToFloat32(new Uint16Array(bits));
const toHalf = (values: number[]): number[] => [...float32ToFloat16(new Float32Array(values))];

describe('float16', () => {
  it('decodes normals, subnormals, zeros, infinities and NaN', () => {
    expect([...half([0x3c00, 0xc000, 0x7bff, 0x0400, 0x0001, 0x03ff, 0x0000, 0x8000])]).toEqual([
      1,
      -2,
      65504,
      2 ** -14,
      2 ** -24,
      1023 * 2 ** -24,
      0,
      -0,
    ]);
    expect(Object.is(half([0x8000])[0], -0)).toBe(true);
    expect([...half([0x7c00, 0xfc00])]).toEqual([Infinity, -Infinity]);
    expect(half([0x7e00, 0x7c01, 0xfe00]).every(Number.isNaN)).toBe(true);
  });

  it('round-trips every finite and infinite bit pattern exactly', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const decoded = float16ToFloat32(all);
    const encoded = float32ToFloat16(decoded);
    for (let bits = 0; bits < 65536; bits++) {
      const isNaN = (bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0;
      if (isNaN) expect(Number.isNaN(decoded[bits])).toBe(true);
      else if (encoded[bits] !== bits) expect.fail(`0x${bits.toString(16)} -> ${encoded[bits]}`);
    }
  });

  it('rounds to nearest even, overflows to infinity and flushes tiny values to zero', () => {
    expect(toHalf([1 + 2 ** -11])).toEqual([0x3c00]); // tie, even stays
    expect(toHalf([1 + 3 * 2 ** -11])).toEqual([0x3c02]); // tie, odd rounds up
    expect(toHalf([1 + 2 ** -11 + 2 ** -20])).toEqual([0x3c01]); // above the tie
    expect(toHalf([65520, 1e6, -1e6])).toEqual([0x7c00, 0x7c00, 0xfc00]);
    expect(toHalf([65519])).toEqual([0x7bff]);
    expect(toHalf([2 ** -25, 2 ** -25 * 1.0001, 3 * 2 ** -25, 2 ** -26])).toEqual([0, 1, 2, 0]);
    expect(toHalf([2 ** -14 - 2 ** -25])).toEqual([0x0400]); // subnormal rounding up to a normal
    expect(toHalf([NaN, Infinity, -Infinity, -0])).toEqual([0x7e00, 0x7c00, 0xfc00, 0x8000]);
  });
});

describe('bfloat16', () => {
  it('decodes as the top half of a float32', () => {
    const decoded = bfloat16ToFloat32(
      new Uint16Array([0x3f80, 0xc000, 0x0001, 0x7f80, 0xff80, 0x8000]),
    );
    expect([...decoded]).toEqual([1, -2, 2 ** -133, Infinity, -Infinity, -0]);
    expect(Number.isNaN(bfloat16ToFloat32(new Uint16Array([0x7fc0]))[0])).toBe(true);
  });

  it('rounds to nearest even and keeps NaN a NaN', () => {
    const bits = (values: number[]): number[] => [...float32ToBfloat16(new Float32Array(values))];
    expect(bits([1, 1 + 2 ** -8, 1 + 3 * 2 ** -8, 1 + 2 ** -8 + 2 ** -20])).toEqual([
      0x3f80, 0x3f80, 0x3f82, 0x3f81,
    ]);
    expect(bits([3.4e38])).toEqual([0x7f80]); // rounds past the largest bfloat16
    expect(bits([2 ** -133, Infinity, -0])).toEqual([0x0001, 0x7f80, 0x8000]);
    const nan = float32ToBfloat16(new Float32Array(new Uint32Array([0x7f800001]).buffer));
    expect(Number.isNaN(bfloat16ToFloat32(nan)[0])).toBe(true);
  });
});
