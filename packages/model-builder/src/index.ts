export { GraphBuilder, ONNX_IR_VERSION } from './onnx/graph-builder.js';
export type {
  BuiltModel,
  GraphBuilderOptions,
  GraphBuildOptions,
  NodeOptions,
} from './onnx/graph-builder.js';
export { float, floats } from './onnx/attributes.js';
export type { AttributeValue, FloatAttribute, FloatsAttribute } from './onnx/attributes.js';
export { EXTERNAL_DATA_ALIGNMENT, concatExternalData } from './onnx/external-data.js';
export type { ExternalData } from './onnx/external-data.js';
export { graphOps } from './onnx/ops.js';
export type { Dim, OnnxArrayMap, OnnxDataType } from './onnx/tensor-types.js';

export { buildDecoderModel } from './decoder/build-decoder-model.js';
export type { DecoderBuildOptions } from './decoder/decoder-build-options.js';
export { decoderDims, decoderTensorNames } from './decoder/decoder-io-names.js';
export { createDecoderSpec } from './decoder/decoder-spec.js';
export type { DecoderSpec, DecoderSpecOptions } from './decoder/decoder-spec.js';
export type { DecoderConfig, DecoderWeights, LayerWeights } from './decoder/decoder-weights.js';
export { ropeInverseFrequencies } from './decoder/rope-frequencies.js';
export { defaultTapLayers } from './decoder/tap-layers.js';
export { validateDecoderWeights } from './decoder/validate-decoder-weights.js';

export { referenceForward } from './reference/reference-forward.js';
export type {
  ReferenceForwardInput,
  ReferenceForwardOutput,
} from './reference/reference-forward.js';

export { importLlama2c } from './llama2c/import-llama2c.js';
export type { ImportLlama2cOptions } from './llama2c/import-llama2c.js';
export { loadLlama2c } from './llama2c/load-llama2c.js';

export { createMemoryFileSource } from './file-source.js';

export {
  importHuggingFace,
  openSafetensorsCheckpoint,
  parseGenerationIds,
  parseHuggingFaceConfig,
} from './huggingface/index.js';
export type {
  GenerationIds,
  HuggingFaceConfig,
  HuggingFaceImport,
  HuggingFaceModelType,
  HuggingFaceTokenizerFiles,
  SafetensorsCheckpoint,
} from './huggingface/index.js';

export {
  bfloat16ToFloat32,
  float16ToFloat32,
  float32ToBfloat16,
  float32ToFloat16,
  getTensorInfo,
  maxSafetensorsHeaderBytes,
  readFloat32Tensor,
  readSafetensorsHeader,
  readTensor,
  writeSafetensors,
} from './safetensors/index.js';
export type {
  SafetensorsArray,
  SafetensorsDtype,
  SafetensorsHeader,
  SafetensorsTensorInfo,
  SafetensorsTensorInput,
} from './safetensors/index.js';

export {
  buildDraftHeadModel,
  checkDraftHeadTarget,
  confuTensorSpecs,
  draftHeadConfigJson,
  draftHeadDims,
  draftHeadTensorNames,
  draftToTargetIds,
  eagle3TensorSpecs,
  embedTokensName,
  headDecoderConfig,
  isConfuHead,
  loadDraftHead,
  moeEmbedding,
  parseDraftHeadConfig,
  randomDraftHead,
  referenceDraftHeadForward,
  saveDraftHead,
  validateDraftHead,
  vocabMappingFromTargetIds,
  vocabMappingProblem,
  vocabTensorNames,
} from './draft-head/index.js';
export type {
  ConfuHeadConfig,
  ConfuHeadWeights,
  ConfuTensorSpec,
  ConfuWeights,
  DraftHeadBuildOptions,
  DraftHeadFiles,
  DraftHeadPass,
  DraftHeadPassOutput,
  DraftHeadTarget,
  Eagle3FloatKey,
  Eagle3HeadConfig,
  Eagle3HeadWeights,
  HeadTensorSpec,
  LoadDraftHeadOptions,
  RandomDraftHeadOptions,
  SaveDraftHeadOptions,
} from './draft-head/index.js';
export {
  randomDecoderWeights,
  randomFloats,
  randomTokens,
} from './decoder/random-decoder-weights.js';
export type { TestDecoderShape } from './decoder/random-decoder-weights.js';
export { headConfigForTarget } from './draft-head/head-config-for-target.js';
