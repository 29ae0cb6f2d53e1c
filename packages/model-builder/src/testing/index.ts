/**
 * @module @confu/model-builder/testing
 * Pure-TypeScript reference forward passes (float64 accumulation) with the graphs' semantics: the
 * oracle of every numeric test of a built decoder or draft head.
 */
export { referenceForward } from '../reference/reference-forward.js';
export type {
  ReferenceForwardInput,
  ReferenceForwardOutput,
} from '../reference/reference-forward.js';
export { referenceDraftHeadForward } from '../draft-head/reference-draft-head-forward.js';
export type {
  DraftHeadPass,
  DraftHeadPassOutput,
} from '../draft-head/reference-draft-head-forward.js';
