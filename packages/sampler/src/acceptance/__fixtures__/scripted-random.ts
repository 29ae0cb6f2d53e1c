import type { RandomSource } from '../../random-source.js';

/** A random source that replays `values` (then fails the test) and counts its calls. */
export function scriptedRandom(...values: number[]): RandomSource & { readonly calls: number } {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    next() {
      if (calls >= values.length) throw new Error(`unexpected random.next() call #${calls + 1}`);
      return values[calls++] as number;
    },
  };
}

/** Float32Array shorthand. */
export const f32 = (...values: number[]): Float32Array => Float32Array.from(values);
