export { createDirectoryFileSource } from './directory-file-source.js';
export { createDiskModelStore, defaultCacheDirectory } from './disk-model-store.js';
export { loadDrafter } from './load-drafter.js';
export { loadModel } from './load-model.js';
export type { LoadModelOptions } from './load-model.js';
export type { Drafter, DraftTree, TreeOptions } from '@confu/draft';
export type {
  FinishReason,
  GenerationChunk,
  GenerationStats,
  SpeculativeStats,
  TextChunk,
  TextGenerateOptions,
  TextModel,
} from '@confu/engine';
export type { FileSource } from '@confu/core';
export type { DraftKind, DrafterSpec } from '@confu/model-loader';
