import { ConfuError } from '@confu/errors';

/** A deterministic random source whose whole state can be saved and restored (checkpoints). */
export interface SeededRandom {
  /** Uniform in [0, 1), 32 random bits. */
  next(): number;
  /** Uniform integer in [0, n). */
  integer(n: number): number;
  /** Standard normal (Box–Muller; consumes two draws, caches nothing). */
  normal(): number;
  /** The state as a string (four 32-bit words). */
  state(): string;
  /** Restores a state from {@link SeededRandom.state}. @throws ConfuError `INVALID_ARGUMENT`. */
  restore(state: string): void;
}

// splitmix32: spreads a small seed over the four state words.
function splitMix(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** xoshiro128** seeded from a 32-bit `seed`. */
export function createSeededRandom(seed: number): SeededRandom {
  const mix = splitMix(seed);
  const s = Uint32Array.from([mix(), mix(), mix(), mix()]);
  const nextUint32 = (): number => {
    const result = Math.imul(rotate(Math.imul(s[1] as number, 5), 7), 9) >>> 0;
    const t = (s[1] as number) << 9;
    s[2] = (s[2] as number) ^ (s[0] as number);
    s[3] = (s[3] as number) ^ (s[1] as number);
    s[1] = (s[1] as number) ^ (s[2] as number);
    s[0] = (s[0] as number) ^ (s[3] as number);
    s[2] = (s[2] as number) ^ t;
    s[3] = rotate(s[3] as number, 11);
    return result;
  };
  const next = (): number => nextUint32() / 2 ** 32;
  return {
    next,
    integer: (n) => Math.floor(next() * n),
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    state: () => Array.from(s, (word) => word.toString(16).padStart(8, '0')).join(''),
    restore(state) {
      if (!/^[0-9a-f]{32}$/.test(state)) {
        throw new ConfuError(
          'INVALID_ARGUMENT',
          `random state must be 32 hex digits, got \`${state}\``,
        );
      }
      for (let i = 0; i < 4; i++) s[i] = Number.parseInt(state.slice(8 * i, 8 * i + 8), 16);
    },
  };
}

function rotate(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** `count` normal draws times `std`, as float32 (weight initialisation). */
export function randomNormal(random: SeededRandom, count: number, std: number): Float32Array {
  return Float32Array.from({ length: count }, () => random.normal() * std);
}
