export { headDecoderConfig } from './draft-head-config.js';
export type { ConfuHeadConfig, Eagle3HeadConfig } from './draft-head-config.js';
export { draftHeadConfigJson } from './draft-head-config-json.js';
export { isConfuHead } from './draft-head-weights.js';
export type { ConfuHeadWeights, ConfuWeights, Eagle3HeadWeights } from './draft-head-weights.js';
export {
  confuTensorSpecs,
  eagle3TensorSpecs,
  embedTokensName,
  vocabTensorNames,
} from './draft-head-tensor-names.js';
export type { ConfuTensorSpec, Eagle3FloatKey, HeadTensorSpec } from './draft-head-tensor-names.js';
export { parseDraftHeadConfig } from './parse-draft-head-config.js';
export { checkDraftHeadTarget, validateDraftHead } from './validate-draft-head.js';
export type { DraftHeadTarget } from './validate-draft-head.js';
export { loadDraftHead } from './load-draft-head.js';
export type { LoadDraftHeadOptions } from './load-draft-head.js';
export { saveDraftHead } from './save-draft-head.js';
export type { DraftHeadFiles, SaveDraftHeadOptions } from './save-draft-head.js';
export { randomDraftHead } from './random-draft-head.js';
export type { RandomDraftHeadOptions } from './random-draft-head.js';
export {
  draftToTargetIds,
  vocabMappingFromTargetIds,
  vocabMappingProblem,
} from './vocab-mapping.js';
export { draftHeadDims, draftHeadTensorNames } from './draft-head-io-names.js';
export { buildDraftHeadModel } from './build-draft-head-model.js';
export type { DraftHeadBuildOptions } from './build-draft-head-model.js';
export { moeEmbedding } from './moe-embedding.js';
export { referenceDraftHeadForward } from './reference-draft-head-forward.js';
export type { DraftHeadPass, DraftHeadPassOutput } from './reference-draft-head-forward.js';
