export { createTensor, elementCount, expectDType } from './tensor.js';
export type { DType, DataTypeMap, Tensor } from './tensor.js';
export type {
  ExternalDataFile,
  LoadModelOptions,
  ModelSession,
  ModelSource,
  RunOptions,
  TensorRuntime,
} from './tensor-runtime.js';
export { KvCache } from './kv-cache.js';
export type { AppendOptions, KvCacheOptions } from './kv-cache.js';
