export { buildAttentionMask, chainParents, treeDepths } from './attention-mask.js';
export type { ParentList } from './attention-mask.js';
export { CausalLm } from './causal-lm.js';
export type { ForwardInput, ForwardResult } from './causal-lm.js';
export type { DecoderInfo } from './decoder-info.js';
