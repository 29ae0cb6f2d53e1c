export { importHuggingFace } from './import-hugging-face.js';
export type {
  HuggingFaceImport,
  HuggingFaceTokenizerFiles,
  ImportHuggingFaceOptions,
} from './import-hugging-face.js';
export { parseHuggingFaceConfig } from './parse-hugging-face-config.js';
export type { HuggingFaceConfig, HuggingFaceModelType } from './parse-hugging-face-config.js';
export { parseGenerationIds } from './generation-ids.js';
export type { GenerationIds } from './generation-ids.js';
export {
  openSafetensorsCheckpoint,
  shardIndexName,
  singleFileName,
} from './safetensors-checkpoint.js';
export type { SafetensorsCheckpoint } from './safetensors-checkpoint.js';
