export { buildAttentionMask, chainParents, treeDepths, visibilityMask } from './attention-mask.js';
export { CausalLm } from './causal-lm.js';
export { buildCausalLayout, buildPassLayout } from './pass-layout.js';
export type { PassLayoutOptions, RowLayout } from './pass-layout.js';
