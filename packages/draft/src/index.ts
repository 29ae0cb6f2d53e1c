export type {
  ContemplateInputs,
  DraftSession,
  Drafter,
  DrafterRequirements,
  TargetFeatures,
} from './drafter.js';
export type { DraftTree, TreeOptions } from './draft-tree.js';
