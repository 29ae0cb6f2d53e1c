import type { DecoderConfig } from '../decoder/decoder-weights.js';
import type { Eagle3HeadConfig } from './draft-head-config.js';

/**
 * An EAGLE-3 head config shaped like `target`'s layers (attention, MLP, norm and RoPE settings)
 * with a `draftVocabSize` lm_head: what a new head for that target starts from.
 */
export function headConfigForTarget(
  target: DecoderConfig,
  draftVocabSize: number,
): Eagle3HeadConfig {
  return {
    hiddenSize: target.hiddenSize,
    numHeads: target.numHeads,
    numKvHeads: target.numKvHeads,
    headDim: target.headDim,
    intermediateSize: target.intermediateSize,
    rmsNormEps: target.rmsNormEps,
    ropeTheta: target.ropeTheta,
    ...(target.ropeScaling ? { ropeScaling: target.ropeScaling } : {}),
    vocabSize: target.vocabSize,
    draftVocabSize,
    contextLength: target.contextLength,
  };
}
