export { convertCheckpoint } from './convert-checkpoint.js';
export type { ConvertedCheckpoint } from './convert-checkpoint.js';
export { detectCheckpoint } from './detect-checkpoint.js';
export type { CheckpointLayout } from './detect-checkpoint.js';
export { loadTargetEmbedding } from './load-target-embedding.js';
export type { TargetEmbedding } from './load-target-embedding.js';
export { loadCheckpointTokenizer } from './load-tokenizer.js';
export { loadTextModel, memoryModelStore } from './load-text-model.js';
export type {
  ConvertedModelStore,
  LoadTextModelOptions,
  MaterializedModel,
} from './load-text-model.js';
export { sha256Hex } from './sha256.js';
export { assertSupportedDtype } from './assert-dtype.js';
export { createDrafter } from './create-drafter.js';
export type { DraftKind, DrafterSources, DrafterSpec } from './create-drafter.js';
