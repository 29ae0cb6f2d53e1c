import { checkSeed } from './validate-options.js';

/** A source of uniform random numbers; inject one to make sampling reproducible. */
export interface RandomSource {
  /** Returns a uniform number in [0, 1). */
  next(): number;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/**
 * Creates a deterministic {@link RandomSource}: xoshiro128** (Blackman and Vigna) whose 128-bit
 * state is filled by splitmix32 from `seed`. The same seed always yields the same sequence, on
 * every JavaScript engine. Each `next()` consumes two 32-bit outputs and returns a double with 53
 * random bits, uniform in [0, 1). Not cryptographically secure.
 * @param seed any safe integer (negative values and values above 2^32 are distinct seeds).
 * @throws ConfuError `INVALID_ARGUMENT` if `seed` is not a safe integer.
 */
export function createSeededRandom(seed: number): RandomSource {
  checkSeed(seed);
  const next32 = xoshiro128StarStar(seedState(seed));
  return {
    next(): number {
      const high = next32() >>> 5; // 27 bits
      const low = next32() >>> 6; // 26 bits
      return (high * 67108864 + low) / TWO_POW_53;
    },
  };
}

/**
 * Expands a safe integer into a non-zero xoshiro state. The low 32 bits drive splitmix32 and the
 * high bits are folded into one word, so distinct seeds give distinct states.
 */
function seedState(seed: number): Uint32Array {
  let state = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) | 0;
  const splitmix32 = (): number => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  const words = new Uint32Array([splitmix32(), splitmix32(), splitmix32() ^ high, splitmix32()]);
  // The all-zero state is the one fixed point of xoshiro.
  if (words.every((word) => word === 0)) words[0] = 1;
  return words;
}

/** The xoshiro128** 1.1 generator from a four-word state; returns unsigned 32-bit outputs. */
export function xoshiro128StarStar(state: ArrayLike<number>): () => number {
  let s0 = (state[0] as number) | 0;
  let s1 = (state[1] as number) | 0;
  let s2 = (state[2] as number) | 0;
  let s3 = (state[3] as number) | 0;
  return () => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
