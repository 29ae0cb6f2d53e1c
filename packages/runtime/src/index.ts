export { createTensor, elementCount, expectDType } from './tensor.js';
export { KvCache } from './kv-cache.js';
export type { KvCacheOptions } from './kv-cache.js';
export { profileRuntime } from './profile-runtime.js';
