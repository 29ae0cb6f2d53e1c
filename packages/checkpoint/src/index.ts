/**
 * @module @confu/checkpoint
 * Checkpoint formats read and written through a `FileSource`: safetensors (half precision
 * included), llama2.c, Hugging Face configs, weights and sharded indexes, and EAGLE-3 / ConFu draft
 * heads in the SpecForge layout. Universal: no Node built-ins.
 */
export { createMemoryFileSource } from './memory-file-source.js';

export type { DecoderConfig, DecoderWeights, LayerWeights } from './decoder/decoder-weights.js';
export { validateDecoderWeights } from './decoder/validate-decoder-weights.js';

export { importLlama2c } from './llama2c/import-llama2c.js';
export type { ImportLlama2cOptions } from './llama2c/import-llama2c.js';
export { loadLlama2c } from './llama2c/load-llama2c.js';

export { importHuggingFace } from './huggingface/import-hugging-face.js';
export type {
  HuggingFaceImport,
  HuggingFaceTokenizerFiles,
  ImportHuggingFaceOptions,
} from './huggingface/import-hugging-face.js';
export { parseHuggingFaceConfig } from './huggingface/parse-hugging-face-config.js';
export type {
  HuggingFaceConfig,
  HuggingFaceModelType,
} from './huggingface/parse-hugging-face-config.js';
export type { GenerationIds } from './huggingface/generation-ids.js';
export { openSafetensorsCheckpoint } from './huggingface/safetensors-checkpoint.js';
export type { SafetensorsCheckpoint } from './huggingface/safetensors-checkpoint.js';

export type { SafetensorsDtype } from './safetensors/dtype.js';
export type { SafetensorsArray } from './safetensors/safetensors-array.js';
export type { SafetensorsHeader, SafetensorsTensorInfo } from './safetensors/safetensors-header.js';
export { readSafetensorsHeader } from './safetensors/read-safetensors-header.js';
export { getTensorInfo, readTensor } from './safetensors/read-tensor.js';
export { readExactly } from './safetensors/read-exactly.js';
export { streamSafetensors, writeSafetensors } from './safetensors/write-safetensors.js';
export type {
  ByteSink,
  LazySafetensorsTensor,
  SafetensorsTensorInput,
} from './safetensors/write-safetensors.js';
export {
  bfloat16ToFloat32,
  float16ToFloat32,
  float32ToBfloat16,
  float32ToFloat16,
} from './safetensors/half-precision.js';

export { headDecoderConfig } from './draft-head/draft-head-config.js';
export type { ConfuHeadConfig, Eagle3HeadConfig } from './draft-head/draft-head-config.js';
export { isConfuHead } from './draft-head/draft-head-weights.js';
export type {
  ConfuHeadWeights,
  ConfuWeights,
  Eagle3HeadWeights,
} from './draft-head/draft-head-weights.js';
export { headConfigForTarget } from './draft-head/head-config-for-target.js';
export { checkDraftHeadTarget, validateDraftHead } from './draft-head/validate-draft-head.js';
export type { DraftHeadTarget } from './draft-head/validate-draft-head.js';
export { loadDraftHead } from './draft-head/load-draft-head.js';
export type { LoadDraftHeadOptions } from './draft-head/load-draft-head.js';
export { saveDraftHead } from './draft-head/save-draft-head.js';
export type { DraftHeadFiles, SaveDraftHeadOptions } from './draft-head/save-draft-head.js';
export { randomDraftHead } from './draft-head/random-draft-head.js';
export type { RandomDraftHeadOptions } from './draft-head/random-draft-head.js';
export {
  draftToTargetIds,
  vocabMappingFromTargetIds,
  vocabMappingProblem,
} from './draft-head/vocab-mapping.js';

export { expandShapes } from './expand/expand-shapes.js';
export type { ExpandShape } from './expand/expand-shapes.js';
export { expandDecoder, expandedWeights } from './expand/expand-decoder.js';
export type { ExpandedDecoder, LazyTensor } from './expand/expand-decoder.js';
export { expandDraftHead } from './expand/expand-draft-head.js';
export type { ExpandDraftHeadOptions } from './expand/expand-draft-head.js';
export { expandedCheckpoint } from './expand/expanded-checkpoint.js';
export type {
  ExpandedCheckpoint,
  ExpandedCheckpointOptions,
} from './expand/expanded-checkpoint.js';

export { QUANT_BLOCK, blockDequantize, blockQuantize } from './quantize/block-quantize.js';
export type { BlockQuantized, QuantBits } from './quantize/block-quantize.js';
export { blockBytes, packOnnxCodes } from './quantize/pack-codes.js';
export { storedHeadWeights, storedWeights } from './quantize/stored-weights.js';
