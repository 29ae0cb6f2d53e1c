export { buildDynamicTree } from './build-dynamic-tree.js';
export { chainTree } from './chain-tree.js';
export { defaultTreeOptions } from './default-tree.js';
export { ROOT_ID } from './expand-function.js';
export type { ChildCandidates, ExpandFunction, FrontierNode } from './expand-function.js';
export { assertTreeOptions, maxTreeTokens } from './tree-options.js';
export type { TreeOptionNames } from './tree-options.js';
export { validateDraftTree } from './validate-draft-tree.js';
