import type { Eagle3HeadConfig } from '@confu/checkpoint';
import type { TrainingRecord } from '../../data/training-record.js';
import { createSeededRandom } from '@confu/sampler';

/** A tiny head: h 4, 2 query heads over 1 KV head (GQA), D 2, V 7, Vd 5. */
export const tinyHeadConfig: Eagle3HeadConfig = {
  hiddenSize: 4,
  numHeads: 2,
  numKvHeads: 1,
  headDim: 2,
  intermediateSize: 6,
  rmsNormEps: 1e-5,
  ropeTheta: 10000,
  vocabSize: 7,
  draftVocabSize: 5,
  contextLength: 64,
};

/** Draft vocabulary of {@link tinyHeadConfig}: target ids 0, 1, 3, 4, 6. */
export const tinyDraftIds = Int32Array.from([0, 1, 3, 4, 6]);

/**
 * Synthetic records over a vocabulary of `vocab`: a deterministic token pattern (each token
 * follows from the previous one), taps that encode the token, and a sharp target distribution
 * on the next token, so a head can learn it.
 */
export function syntheticRecords(
  count: number,
  length: number,
  { hidden, vocab, seed = 1 }: { hidden: number; vocab: number; seed?: number },
): TrainingRecord[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, (_, index) => {
    const tokens = new Int32Array(length);
    tokens[0] = random.integer(vocab);
    for (let i = 1; i < length; i++) tokens[i] = ((tokens[i - 1] as number) * 3 + 1) % vocab;
    const taps = new Float32Array(length * 3 * hidden);
    for (let i = 0; i < length; i++) {
      for (let j = 0; j < 3 * hidden; j++) {
        taps[i * 3 * hidden + j] = Math.sin((tokens[i] as number) * (j + 1)) + 0.1 * random.normal();
      }
    }
    const logProbs = new Float32Array(length * vocab).fill(Math.log(0.1 / (vocab - 1)));
    for (let i = 0; i < length; i++) {
      const next = ((tokens[i] as number) * 3 + 1) % vocab;
      logProbs[i * vocab + next] = Math.log(0.9);
    }
    return {
      index,
      tokens,
      promptLength: 2,
      finishReason: 'length',
      tapWidth: 3 * hidden,
      taps,
      target: { kind: 'full', vocabSize: vocab, logProbs },
    };
  });
}
