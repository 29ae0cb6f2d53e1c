export {
  ROOT_ID,
  assertTreeOptions,
  buildDynamicTree,
  chainTree,
  defaultTreeOptions,
  maxTreeTokens,
  validateDraftTree,
} from './tree/index.js';
export type {
  ChildCandidates,
  ExpandFunction,
  FrontierNode,
  TreeOptionNames,
} from './tree/index.js';
export {
  NgramIndex,
  createNgramDrafter,
  findContinuations,
  treeFromContinuations,
} from './ngram/index.js';
export type {
  ContinuationTrieLimits,
  NgramDrafterOptions,
  NgramIndexOptions,
} from './ngram/index.js';
export { createLmDrafter, createLmTreeExpand } from './lm/index.js';
export type {
  LmDraftSession,
  LmDrafter,
  LmDrafterOptions,
  LmTreeExpandOptions,
} from './lm/index.js';
export {
  DraftHeadRunner,
  Eagle3DraftSession,
  VisibilityMask,
  createEagle3Drafter,
  createHeadSessionContext,
  createRandomEagle3Drafter,
  draftVocabTopK,
} from './eagle3/index.js';
export type {
  Eagle3DrafterOptions,
  HeadRunInput,
  HeadRunOutput,
  HeadSessionContext,
  RandomEagle3DrafterOptions,
  RoundStart,
  RoundStartContext,
  RoundStartHook,
} from './eagle3/index.js';
export {
  confuRoundStart,
  contemplateTokenEmbedding,
  createConfuDrafter,
  createRandomConfuDrafter,
  futureTokenEmbedding,
} from './confu/index.js';
export type { ConfuDrafterOptions, RandomConfuDrafterOptions } from './confu/index.js';
