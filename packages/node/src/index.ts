export { createDirectoryFileSource } from './directory-file-source.js';
export { createDiskModelStore, defaultCacheDirectory } from './disk-model-store.js';
export { expandModel } from './expand-model.js';
export type { ExpandModelOptions, ExpandedModel } from './expand-model.js';
export { load } from './load.js';
export { defaultTreeOptions } from '@confu/draft';
export type { LoadOptions } from './load.js';
export { resolveLoad } from './resolve-load.js';
export type { ResolvedLoad } from './resolve-load.js';
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
  ModelDtype,
} from '@confu/core';
export type { DraftKind, DrafterSpec } from '@confu/model-loader';
export type {
  ChatMessage,
  DraftChoice,
  DraftMethod,
  Llm,
  LlmChunk,
  LlmGenerateOptions,
  LlmInput,
  LlmResult,
  LlmStats,
} from '@confu/llm';
export type { DownloadProgress } from '@confu/hub';
