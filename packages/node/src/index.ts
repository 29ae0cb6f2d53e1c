export { createDirectoryFileSource } from './directory-file-source.js';
export { createDiskModelStore, defaultCacheDirectory } from './disk-model-store.js';
export { loadModel } from './load-model.js';
export type { LoadModelOptions } from './load-model.js';
export type {
  FinishReason,
  GenerationChunk,
  GenerationStats,
  TextChunk,
  TextGenerateOptions,
  TextModel,
} from '@confu/engine';
export type { FileSource } from '@confu/model-builder';
