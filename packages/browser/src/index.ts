export { createFileListSource } from './file-list-source.js';
export { loadModel } from './load-model.js';
export type { LoadModelOptions } from './load-model.js';
export { createUrlFileSource } from './url-file-source.js';
export type {
  FinishReason,
  GenerationChunk,
  GenerationStats,
  TextChunk,
  TextGenerateOptions,
  TextModel,
} from '@confu/engine';
export { createMemoryFileSource } from '@confu/model-builder';
export type { FileSource } from '@confu/model-builder';
