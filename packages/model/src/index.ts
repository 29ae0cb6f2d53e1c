export { buildAttentionMask, chainParents, treeDepths, visibilityMask } from './attention-mask.js';
export type { ParentList } from './attention-mask.js';
export { CausalLm } from './causal-lm.js';
export type {
  CreateCacheOptions,
  ForwardInput,
  ForwardResult,
  ForwardRowsInput,
} from './causal-lm.js';
export {
  buildCausalLayout,
  buildContemplateLayout,
  buildContemplatePrefillLayout,
  repeatEmbedding,
} from './contemplate-layout.js';
export type {
  ContemplateLayoutOptions,
  ContemplatePrefillLayoutOptions,
  RowLayout,
} from './contemplate-layout.js';
export type { DecoderInfo } from './decoder-info.js';
export { ReservedKvCache, reservedRowsOf } from './reserved-kv-cache.js';
export type { ReservedKvCacheOptions } from './reserved-kv-cache.js';
export { computeSoftPromptKv, createSoftPromptCache } from './soft-prompt-kv.js';
export type { SoftPromptKv } from './soft-prompt-kv.js';
