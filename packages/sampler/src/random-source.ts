import { ConfuError } from '@confu/errors';
import { checkSeed } from './validate-options.js';

/** A source of uniform random numbers; inject one to make sampling reproducible. */
export interface RandomSource {
  /** Returns a uniform number in [0, 1). */
  next(): number;
}

/**
 * The seeded generator of every confu package (sampling, random weights, training data order):
 * uniform doubles, integers and normals, with a state that can be saved and restored (training
 * checkpoints resume bit for bit).
 */
export interface SeededRandom extends RandomSource {
  /** Uniform integer in [0, n). */
  integer(n: number): number;
  /** Standard normal (Box–Muller; consumes two `next()` draws, caches nothing). */
  normal(): number;
  /** The state as 32 hex digits (four 32-bit words). */
  state(): string;
  /** Restores a state from {@link SeededRandom.state}. @throws ConfuError `INVALID_ARGUMENT`. */
  restore(state: string): void;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/**
 * Creates a deterministic {@link SeededRandom}: xoshiro128** (Blackman and Vigna) whose 128-bit
 * state is filled by splitmix32 from `seed`. The same seed always yields the same sequence, on
 * every JavaScript engine. Each `next()` consumes two 32-bit outputs and returns a double with 53
 * random bits, uniform in [0, 1). Not cryptographically secure.
 * @param seed any safe integer (negative values and values above 2^32 are distinct seeds).
 * @throws ConfuError `INVALID_ARGUMENT` if `seed` is not a safe integer.
 */
export function createSeededRandom(seed: number): SeededRandom {
  checkSeed(seed);
  const words = seedState(seed);
  const next32 = (): number => step(words);
  const next = (): number => {
    const high = next32() >>> 5; // 27 bits
    const low = next32() >>> 6; // 26 bits
    return (high * 67108864 + low) / TWO_POW_53;
  };
  return {
    next,
    integer: (n) => Math.floor(next() * n),
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    state: () => Array.from(words, (word) => word.toString(16).padStart(8, '0')).join(''),
    restore(state) {
      if (!/^[0-9a-f]{32}$/.test(state)) {
        throw new ConfuError(
          'INVALID_ARGUMENT',
          `random state must be 32 hex digits, got \`${state}\``,
        );
      }
      for (let i = 0; i < 4; i++) words[i] = Number.parseInt(state.slice(8 * i, 8 * i + 8), 16);
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
  const words = Uint32Array.from(state);
  return () => step(words);
}

/** One xoshiro128** step on `s` (updated in place); the unsigned 32-bit output. */
function step(s: Uint32Array): number {
  const s0 = (s[0] as number) | 0;
  const s1 = (s[1] as number) | 0;
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  const s2 = ((s[2] as number) ^ s0) | 0;
  const s3 = ((s[3] as number) ^ s1) | 0;
  s[1] = s1 ^ s2;
  s[0] = s0 ^ s3;
  s[2] = s2 ^ t;
  s[3] = rotl(s3, 11);
  return result;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
