import { createSeededRandom } from '@confu/sampler';
import type { DecoderConfig, DecoderWeights, LayerWeights } from '../decoder/decoder-weights.js';

/** Shape overrides of a random decoder; the rest of the config gets small defaults. */
export type TestDecoderShape = Partial<DecoderConfig> &
  Pick<DecoderConfig, 'hiddenSize' | 'numHeads' | 'numKvHeads' | 'headDim'>;

/** A seeded random-weight decoder with activations of order one (tests, benchmarks). */
export function randomDecoderWeights(shape: TestDecoderShape, seed = 1): DecoderWeights {
  const config: DecoderConfig = {
    intermediateSize: 2 * shape.hiddenSize,
    numLayers: 3,
    vocabSize: 64,
    contextLength: 128,
    ropeTheta: 10000,
    rmsNormEps: 1e-5,
    tiedEmbeddings: true,
    qkvBias: false,
    qkNorm: false,
    ...shape,
  };
  const random = createSeededRandom(seed);
  const uniform = (length: number, scale: number, offset = 0): Float32Array =>
    Float32Array.from({ length }, () => offset + scale * (2 * random.next() - 1));
  const linear = (out: number, inputs: number): Float32Array =>
    uniform(out * inputs, 1.7 / Math.sqrt(inputs));
  const {
    hiddenSize: h,
    intermediateSize: I,
    numHeads: H,
    numKvHeads: KVH,
    headDim: D,
    vocabSize: V,
  } = config;
  const layers = Array.from({ length: config.numLayers }, (): LayerWeights => ({
    attentionNorm: uniform(h, 0.2, 1),
    wq: linear(H * D, h),
    wk: linear(KVH * D, h),
    wv: linear(KVH * D, h),
    wo: linear(h, H * D),
    ...(config.qkvBias
      ? { bq: uniform(H * D, 0.3), bk: uniform(KVH * D, 0.3), bv: uniform(KVH * D, 0.3) }
      : {}),
    ...(config.qkNorm ? { qNorm: uniform(D, 0.2, 1), kNorm: uniform(D, 0.2, 1) } : {}),
    mlpNorm: uniform(h, 0.2, 1),
    wGate: linear(I, h),
    wUp: linear(I, h),
    wDown: linear(h, I),
  }));
  return {
    config,
    embedding: uniform(V * h, 1),
    layers,
    finalNorm: uniform(h, 0.2, 1),
    ...(config.tiedEmbeddings ? {} : { lmHead: linear(V, h) }),
  };
}

/** Random token ids below `vocabSize`. */
export function randomTokens(count: number, vocabSize: number, seed: number): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => Math.floor(random.next() * vocabSize));
}

/** Seeded uniform floats in `[-scale, scale)` (test inputs: embeddings, taps, weights). */
export function randomFloats(length: number, seed: number, scale = 1): Float32Array {
  const random = createSeededRandom(seed);
  return Float32Array.from({ length }, () => scale * (2 * random.next() - 1));
}
