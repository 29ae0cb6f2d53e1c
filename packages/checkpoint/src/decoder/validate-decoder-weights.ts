import { ConfuError } from '@confu/errors';
import type { DecoderConfig, DecoderWeights } from './decoder-weights.js';

/**
 * Checks that `config` is self-consistent and every array of `weights` has the size it implies,
 * so graph building and the reference forward pass never read out of bounds.
 * @throws ConfuError `INVALID_ARGUMENT` naming the offending field.
 */
export function validateDecoderWeights(weights: DecoderWeights): void {
  const { config } = weights;
  validateDecoderConfig(config);
  const { hiddenSize: h, intermediateSize: n, numHeads, numKvHeads, headDim, vocabSize } = config;
  const q = numHeads * headDim;
  const kv = numKvHeads * headDim;
  expectLength('embedding', weights.embedding, vocabSize * h);
  expectLength('finalNorm', weights.finalNorm, h);
  if (config.tiedEmbeddings) {
    if (weights.lmHead) throw invalid('lmHead is present but config.tiedEmbeddings is true');
  } else {
    expectLength('lmHead', weights.lmHead, vocabSize * h);
  }
  if (weights.layers.length !== config.numLayers) {
    throw invalid(`${weights.layers.length} layers given, config.numLayers is ${config.numLayers}`);
  }
  weights.layers.forEach((layer, index) => {
    const field = (name: string): string => `layers[${index}].${name}`;
    const sizes: [string, Float32Array | undefined, number][] = [
      ['attentionNorm', layer.attentionNorm, h],
      ['wq', layer.wq, q * h],
      ['wk', layer.wk, kv * h],
      ['wv', layer.wv, kv * h],
      ['wo', layer.wo, h * q],
      ['mlpNorm', layer.mlpNorm, h],
      ['wGate', layer.wGate, n * h],
      ['wUp', layer.wUp, n * h],
      ['wDown', layer.wDown, h * n],
    ];
    if (config.qkvBias) sizes.push(['bq', layer.bq, q], ['bk', layer.bk, kv], ['bv', layer.bv, kv]);
    if (config.qkNorm) sizes.push(['qNorm', layer.qNorm, headDim], ['kNorm', layer.kNorm, headDim]);
    for (const [name, array, length] of sizes) expectLength(field(name), array, length);
  });
}

/** Checks the dimensions and hyper-parameters of a decoder configuration. */
export function validateDecoderConfig(config: DecoderConfig): void {
  const positive = [
    'hiddenSize',
    'intermediateSize',
    'numLayers',
    'numHeads',
    'numKvHeads',
    'headDim',
    'vocabSize',
    'contextLength',
  ] as const;
  for (const key of positive) {
    const value = config[key];
    if (!Number.isInteger(value) || value <= 0)
      throw invalid(`config.${key} must be a positive integer, got ${value}`);
  }
  if (config.numHeads % config.numKvHeads !== 0) {
    throw invalid(
      `config.numHeads (${config.numHeads}) is not a multiple of config.numKvHeads (${config.numKvHeads})`,
    );
  }
  if (config.headDim % 2 !== 0)
    throw invalid(`config.headDim must be even for RoPE, got ${config.headDim}`);
  if (!(config.ropeTheta > 0))
    throw invalid(`config.ropeTheta must be positive, got ${config.ropeTheta}`);
  if (!(config.rmsNormEps > 0))
    throw invalid(`config.rmsNormEps must be positive, got ${config.rmsNormEps}`);
  const scaling = config.ropeScaling;
  if (
    scaling &&
    !(
      scaling.factor > 0 &&
      scaling.highFreqFactor > scaling.lowFreqFactor &&
      scaling.originalMaxPositionEmbeddings > 0
    )
  ) {
    throw invalid(
      'config.ropeScaling needs factor > 0, highFreqFactor > lowFreqFactor and originalMaxPositionEmbeddings > 0',
    );
  }
}

function expectLength(name: string, array: Float32Array | undefined, length: number): void {
  if (!array) throw invalid(`${name} is missing`);
  if (array.length !== length)
    throw invalid(`${name} has ${array.length} floats, expected ${length}`);
}

function invalid(message: string): ConfuError {
  return new ConfuError('INVALID_ARGUMENT', `decoder weights: ${message}`);
}
