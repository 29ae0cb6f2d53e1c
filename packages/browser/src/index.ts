export { createFileListSource } from './file-list-source.js';
export { load } from './load.js';
export type { LoadOptions as LoadLlmOptions } from './load.js';
export { createHubFileSource } from './hub-file-source.js';
export type { FileProgress, HubFileSourceOptions, HubFolder } from './hub-file-source.js';
export { loadDrafter } from './load-drafter.js';
export type { LoadDrafterOptions } from './load-drafter.js';
export { loadModel } from './load-model.js';
export type { LoadModelOptions } from './load-model.js';
export { createUrlFileSource } from './url-file-source.js';
export type {
  Drafter,
  DraftTree,
  TreeOptions,
  FinishReason,
  GenerationChunk,
  GenerationStats,
  ModelDtype,
  SpeculativeStats,
  TextChunk,
  TextGenerateOptions,
  TextModel,
  FileSource,
} from '@confu/core';
export { createMemoryFileSource } from '@confu/checkpoint';
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
export { defaultTreeOptions } from '@confu/draft';
