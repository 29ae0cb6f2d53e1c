/**
 * @module @confu/model-builder
 * Llama-family decoders and EAGLE-3 / ConFu draft heads as ONNX graphs following
 * docs/architecture/target-graph.md (tree masks, hidden-state taps, extra embedding rows), plus the
 * ConFu MoE embedding. Reference forward passes: `@confu/model-builder/testing`. Universal.
 */
export { buildDecoderModel } from './decoder/build-decoder-model.js';
export { GRAPH_FORMAT_VERSION } from './decoder/graph-format.js';
export type { DecoderBuildOptions } from './decoder/decoder-build-options.js';
export { decoderDims, decoderTensorNames } from './decoder/decoder-io-names.js';
export { createDecoderSpec } from './decoder/decoder-spec.js';
export type { DecoderSpec, DecoderSpecOptions } from './decoder/decoder-spec.js';
export { decoderInfoFromSpec } from './decoder/decoder-info-from-spec.js';
export { ropeInverseFrequencies } from './decoder/rope-frequencies.js';
export { defaultTapLayers } from './decoder/tap-layers.js';

export { buildDraftHeadModel } from './draft-head/build-draft-head-model.js';
export type { DraftHeadBuildOptions } from './draft-head/build-draft-head-model.js';
export { draftHeadDims, draftHeadTensorNames } from './draft-head/draft-head-io-names.js';
export { moeEmbedding } from './draft-head/moe-embedding.js';
