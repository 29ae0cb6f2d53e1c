import type { DecoderConfig } from '@confu/checkpoint';
import { createSeededRandom } from '@confu/sampler';

/** A tiny Llama: 2 layers, h 8, 2 query heads over 1 KV head (GQA), D 4, V 11. */
export const tinyLmConfig: DecoderConfig = {
  hiddenSize: 8,
  intermediateSize: 12,
  numLayers: 2,
  numHeads: 2,
  numKvHeads: 1,
  headDim: 4,
  vocabSize: 11,
  contextLength: 32,
  ropeTheta: 10000,
  rmsNormEps: 1e-5,
  tiedEmbeddings: true,
  qkvBias: false,
  qkNorm: false,
};

/**
 * Documents `0 a b c … 1` over ids 2 … 10 following a fixed rule (each token determines the
 * next), so a model can learn them: BOS 0, EOS 1.
 */
export function tinyDocuments(count: number, seed = 1): Int32Array[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => {
    const length = 3 + random.integer(6);
    const tokens = [0, 2 + random.integer(9)];
    for (let i = 1; i < length; i++) tokens.push(2 + (((tokens.at(-1) as number) - 2) * 4 + 3) % 9);
    tokens.push(1);
    return Int32Array.from(tokens);
  });
}
