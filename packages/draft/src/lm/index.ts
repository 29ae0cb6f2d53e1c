export { createLmDrafter } from './create-lm-drafter.js';
export type { LmDrafter, LmDrafterOptions } from './create-lm-drafter.js';
export type { LmDraftSession } from './lm-draft-session.js';
export { createLmTreeExpand } from './lm-tree-expand.js';
export type { LmTreeExpandOptions } from './lm-tree-expand.js';
