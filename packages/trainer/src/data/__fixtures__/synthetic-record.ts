import type { TrainingRecord } from '../training-record.js';

/** A small deterministic record (n tokens, values derived from `seed`) for codec tests. */
export function syntheticRecord(
  seed: number,
  options: { n?: number; tapWidth?: number; vocabSize?: number; topK?: number } = {},
): TrainingRecord {
  const n = options.n ?? 5 + (seed % 7);
  const tapWidth = options.tapWidth ?? 6;
  const vocabSize = options.vocabSize ?? 16;
  const tokens = Int32Array.from({ length: n }, (_, index) => (seed * 7 + index * 3) % vocabSize);
  const taps = Float32Array.from({ length: n * tapWidth }, (_, index) => Math.sin(seed + index));
  const base = {
    index: seed,
    tokens,
    promptLength: Math.min(2, n),
    finishReason: seed % 2 === 0 ? ('stop' as const) : ('length' as const),
    tapWidth,
    taps,
  };
  if (options.topK !== undefined) {
    const k = options.topK;
    return {
      ...base,
      target: {
        kind: 'top-k',
        k,
        ids: Int32Array.from({ length: n * k }, (_, index) => (seed + index) % vocabSize),
        logProbs: Float32Array.from({ length: n * k }, (_, index) => -1 - index / 10),
      },
    };
  }
  return {
    ...base,
    target: {
      kind: 'full',
      vocabSize,
      logProbs: Float32Array.from({ length: n * vocabSize }, (_, index) => -Math.abs(Math.cos(seed * index))),
    },
  };
}
