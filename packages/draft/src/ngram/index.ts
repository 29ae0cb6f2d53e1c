export { treeFromContinuations } from './continuation-trie.js';
export type { ContinuationTrieLimits } from './continuation-trie.js';
export { createNgramDrafter } from './create-ngram-drafter.js';
export type { NgramDrafterOptions } from './create-ngram-drafter.js';
export { findContinuations } from './find-continuations.js';
export { NgramIndex } from './ngram-index.js';
export type { NgramIndexOptions } from './ngram-index.js';
