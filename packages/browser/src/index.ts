export { createFileListSource } from './file-list-source.js';
export { loadDrafter } from './load-drafter.js';
export type { LoadDrafterOptions } from './load-drafter.js';
export { loadModel } from './load-model.js';
export type { LoadModelOptions } from './load-model.js';
export { createUrlFileSource } from './url-file-source.js';
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
export { createMemoryFileSource } from '@confu/checkpoint';
export type { FileSource } from '@confu/core';
export type { DraftKind, DrafterSpec } from '@confu/model-loader';
