/**
 * @module @confu/trainer
 * Training on ONNX Runtime: a forward graph recorded with `RecordingGraph`, reverse-mode autodiff
 * over it, AdamW, checkpoints; training-data generation with a frozen target; EAGLE-3 and ConFu
 * head training. Universal; files are read and written through `@confu/trainer/node`.
 */
export { RecordingGraph } from './graph/recording-graph.js';
export type { RecordedValue } from './graph/recorded-graph.js';
export type { BuildForward, ForwardSpec, ParameterSpec } from './training/record-forward.js';
export { createTrainer } from './trainer.js';
export type { Trainer, TrainerOptions } from './trainer.js';
export type { BatchFeeds, StepResult } from './training-step.js';
export type { AdamWOptions } from './optimizer/adamw-options.js';
export { createLrSchedule } from './optimizer/lr-schedule.js';
export type { LrSchedule, LrScheduleOptions } from './optimizer/lr-schedule.js';
export { randomNormal } from './seeded-random.js';
export { createProgressBar } from './progress-bar.js';
export type { ProgressBar, ProgressBarOptions, ProgressStream } from './progress-bar.js';

// Training data: prompts, target-regenerated records, draft vocabulary.
export { parseCorpusStories } from './data/corpus-jsonl.js';
export type { CorpusStory, ParseCorpusStoriesOptions } from './data/corpus-jsonl.js';
export { createDevExclusion } from './data/dev-exclusion.js';
export type { DevExclusion, DevExclusionOptions } from './data/dev-exclusion.js';
export { parseDevPrompts } from './data/dev-prompts.js';
export type { DevPrompt } from './data/dev-prompts.js';
export { generateTrainingRecords } from './data/generate-training-records.js';
export type {
  GenerateTrainingRecordsOptions,
  GenerationPrompt,
} from './data/generate-training-records.js';
export type { DistributionMode } from './data/target-distribution.js';
export type { TargetTextModel } from './data/target-model.js';
export { selectDraftVocabulary } from './data/select-draft-vocabulary.js';
export type {
  DraftVocabulary,
  SelectDraftVocabularyOptions,
} from './data/select-draft-vocabulary.js';
export {
  encodeRecordFileHeader,
  encodeRecordFrame,
  openRecordStream,
} from './data/record-file-format.js';
export type { RecordStream } from './data/record-file-format.js';
export { TokenCounter } from './data/token-counter.js';
export { trainingPrompts } from './data/training-prompts.js';
export type {
  SkippedStory,
  TrainingPrompt,
  TrainingPromptsOptions,
} from './data/training-prompts.js';
export type {
  FullTargetDistribution,
  RecordFinishReason,
  TargetDistribution,
  TopKTargetDistribution,
  TrainingRecord,
} from './data/training-record.js';

// Draft-head training (confu-spec.md §6 EAGLE-3 training-time test, §7.8 ConFu).
export type { HeadTrainingOptions, HeadTrainingResult } from './head-training.js';
export { buildEagle3TttGraph } from './eagle3/build-eagle3-ttt-graph.js';
export { eagle3BatchFeeds, targetToDraftIds } from './eagle3/eagle3-batch.js';
export { eagle3ParametersOf } from './eagle3/eagle3-parameters.js';
export { eagle3TttInputs } from './eagle3/eagle3-ttt-shape.js';
export { trainEagle3 } from './eagle3/train-eagle3.js';
export type { TrainEagle3Options, TrainEagle3Result } from './eagle3/train-eagle3.js';
export { buildConfuTttGraph } from './confu/build-confu-ttt-graph.js';
export { confuBatchFeeds } from './confu/confu-batch.js';
export type { AnchorOptions } from './confu/confu-batch.js';
export { confuParametersOf } from './confu/confu-parameters.js';
export { confuTttInputs } from './confu/confu-ttt-shape.js';
export { trainConfu } from './confu/train-confu.js';
export type { TrainConfuOptions, TrainConfuResult } from './confu/train-confu.js';

// Checkpoints and resuming, shared by every method.
export { createEpochSampler } from './training/epoch-sampler.js';
export type { EpochSampler } from './training/epoch-sampler.js';
export { runControlOf, runUpdates } from './training/update-loop.js';
export type {
  CheckpointSink,
  Evaluation,
  RunControl,
  UpdateLoop,
  UpdateLoopResult,
} from './training/update-loop.js';

// Language-model training (`confu train --method lm`) and held-out evaluation.
export { bitsPerByte } from './lm/bits-per-byte.js';
export type { BitsPerByte, BitsPerByteOptions } from './lm/bits-per-byte.js';
export { buildLmGraph } from './lm/build-lm-graph.js';
export { generateStories } from './lm/generate-stories.js';
export type { GenerateStoriesOptions, GeneratedStory } from './lm/generate-stories.js';
export { createRecaser } from './lm/recaser.js';
export type { Recaser } from './lm/recaser.js';
export { splitPlainStories } from './lm/split-plain-stories.js';
export { lmRecordBatch, lmTokenBatch, packDocuments } from './lm/lm-batches.js';
export type { PackedTokens } from './lm/lm-batches.js';
export {
  decoderWeightsFromLm,
  initialLmParameters,
  lmParameterCount,
  lmParameterDims,
  lmParameterNames,
  lmParametersFromDecoder,
} from './lm/lm-parameters.js';
export { lmModelFiles } from './lm/lm-model-files.js';
export type { LmModelFiles, LmModelFilesOptions } from './lm/lm-model-files.js';
export { checkLmShape, ignoredLabel, lmInputs } from './lm/lm-shape.js';
export type { LmShape } from './lm/lm-shape.js';
export { trainLm } from './lm/train-lm.js';
export type { LmData, TrainLmOptions, TrainLmResult } from './lm/train-lm.js';
