export type { DataTypeMap, DType, Tensor } from './tensor.js';
export type {
  ExternalDataFile,
  LoadModelOptions,
  ModelDtype,
  ModelSession,
  ModelSource,
  RunOptions,
  TensorRuntime,
} from './tensor-runtime.js';
export type { FileSource } from './file-source.js';
export type { AppendOptions, KvCache, KvRows } from './kv-cache.js';
export type { DecoderInfo } from './decoder-info.js';
export type {
  CreateCacheOptions,
  ForwardInput,
  ForwardResult,
  ForwardRowsInput,
  ParentList,
  TargetModel,
} from './target-model.js';
export type {
  DecodeOptions,
  EncodeOptions,
  StreamDecoder,
  StreamDecoderOptions,
  Tokenizer,
} from './tokenizer.js';
export type {
  DraftOptions,
  DraftSession,
  DraftTree,
  Drafter,
  DrafterRequirements,
  TargetFeatures,
  TargetPass,
  TargetPassPlan,
  TreeOptions,
} from './draft.js';
export type {
  FinishReason,
  GenerationChunk,
  GenerationStats,
  SpeculativeStats,
  TextChunk,
  TextGenerateOptions,
  TextModel,
} from './generation.js';
export type { Profiler } from './profiler.js';
