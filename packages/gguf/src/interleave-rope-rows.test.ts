import { describe, expect, it } from 'vitest';
import { interleaveRopeRows } from './interleave-rope-rows.js';

describe('interleaveRopeRows', () => {
  it('moves rotate_half pairs (i, i + D/2) next to each other, head by head', () => {
    // 2 heads, D = 4, one column: rows a0 a1 b0 b1 | c0 c1 d0 d1 (pair i = (a_i, b_i)).
    const rotateHalf = Float32Array.from([10, 11, 20, 21, 30, 31, 40, 41]);

    const interleaved = interleaveRopeRows(rotateHalf, 2, 4, 1);

    expect(Array.from(interleaved)).toEqual([10, 20, 11, 21, 30, 40, 31, 41]);
  });

  it('moves whole rows', () => {
    const rotateHalf = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]); // D = 4, 2 columns

    expect(Array.from(interleaveRopeRows(rotateHalf, 1, 4, 2))).toEqual([1, 2, 5, 6, 3, 4, 7, 8]);
  });
});
