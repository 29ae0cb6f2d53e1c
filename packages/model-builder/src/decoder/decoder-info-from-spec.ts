import type { DecoderInfo } from '@confu/core';
import type { DecoderSpec } from './decoder-spec.js';

/** What `CausalLm` needs to know of a built decoder (its `DecoderInfo`), from the spec. */
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
    ...(spec.validVocabSize === undefined ? {} : { validVocabSize: spec.validVocabSize }),
  };
}
