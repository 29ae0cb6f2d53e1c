export { createDirectoryFileSource } from './directory-file-source.js';
export { createDiskModelStore, defaultCacheDirectory } from './disk-model-store.js';
export { loadDrafter } from './load-drafter.js';
export { loadModel } from './load-model.js';
export type { LoadModelOptions } from './load-model.js';
export type {
  Drafter,
  DraftTree,
  TreeOptions,
  FinishReason,
  GenerationChunk,
  GenerationStats,
  SpeculativeStats,
  TextChunk,
  TextGenerateOptions,
  TextModel,
  FileSource,
} from '@confu/core';
export type { DraftKind, DrafterSpec } from '@confu/model-loader';
