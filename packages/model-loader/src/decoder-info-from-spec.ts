import type { DecoderInfo } from '@confu/core';
import type { DecoderSpec } from '@confu/model-builder';

/** The engine's view of a built decoder. */
export function decoderInfoFromSpec(spec: DecoderSpec): DecoderInfo {
  const { config } = spec;
  return {
    numLayers: config.numLayers,
    numKvHeads: config.numKvHeads,
    headDim: config.headDim,
    hiddenSize: config.hiddenSize,
    vocabSize: config.vocabSize,
    contextLength: config.contextLength,
    numTaps: spec.tapLayers.length,
    inputs: spec.inputs,
    maskType: spec.maskType,
    extraEmbeds: spec.extraEmbeds ?? false,
  };
}
