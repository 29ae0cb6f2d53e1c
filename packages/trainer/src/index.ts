export { RecordingGraph } from './graph/recording-graph.js';
export type { LowerOptions } from './graph/recording-graph.js';
export type { RecordedInitializer, RecordedNode, RecordedValue } from './graph/recorded-graph.js';
export type { InferredDim, TensorInfo } from './graph/tensor-info.js';

export { differentiate } from './autodiff/differentiate.js';
export type { DifferentiateOptions } from './autodiff/differentiate.js';
export { gradientRules } from './autodiff/rules/index.js';
export type { GradientContext, GradientRule } from './autodiff/gradient-rule.js';

export { resolveAdamW } from './optimizer/adamw-options.js';
export type { AdamWOptions, ResolvedAdamW } from './optimizer/adamw-options.js';
export { adamWScalars } from './optimizer/adamw-scalars.js';
export type { AdamWScalars } from './optimizer/adamw-scalars.js';
export { appendAdamW } from './optimizer/append-adamw.js';
export type {
  AdamWOutputNames,
  AdamWParameter,
  AdamWScalarInputs,
} from './optimizer/append-adamw.js';
export { appendGradientScale } from './optimizer/append-gradient-norm.js';
export type { GradientScaleOptions } from './optimizer/append-gradient-norm.js';
export { createLrSchedule } from './optimizer/lr-schedule.js';
export type { LrSchedule, LrScheduleOptions } from './optimizer/lr-schedule.js';

export { buildTrainingGraph } from './training/build-training-graphs.js';
export type {
  TrainingGraph,
  TrainingGraphKind,
  TrainingGraphOptions,
} from './training/build-training-graphs.js';
export type {
  BuildForward,
  ForwardSpec,
  ParameterSpec,
  RecordedForward,
} from './training/record-forward.js';
export { trainingNames } from './training/training-names.js';

export { createTrainer } from './trainer.js';
export type { Trainer, TrainerOptions } from './trainer.js';
export type { BatchFeeds, StepResult } from './training-step.js';
export { createProgressBar, formatDuration } from './progress-bar.js';
export type { ProgressBar, ProgressBarOptions, ProgressStream } from './progress-bar.js';
export { createSeededRandom, randomNormal } from './seeded-random.js';
export type { SeededRandom } from './seeded-random.js';

// Training data: prompts, target-regenerated records, record files, draft vocabulary.
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
export { decodeRecordBlob, encodeRecordBlob, trainingRecordFormat } from './data/record-codec.js';
export {
  encodeRecordFileHeader,
  encodeRecordFrame,
  openRecordStream,
  recordFileMagic,
  recordFileVersion,
} from './data/record-file-format.js';
export type { RecordStream } from './data/record-file-format.js';
export { selectDraftVocabulary } from './data/select-draft-vocabulary.js';
export type {
  DraftVocabulary,
  SelectDraftVocabularyOptions,
} from './data/select-draft-vocabulary.js';
export { splitLines } from './data/split-lines.js';
export { splitStory } from './data/split-story.js';
export type { SplitStoryOptions, StorySplit } from './data/split-story.js';
export {
  defaultTargetTopK,
  distributionFromLogits,
  maxFullDistributionVocab,
} from './data/target-distribution.js';
export type { DistributionMode } from './data/target-distribution.js';
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

// EAGLE-3 training-time test (confu-spec.md §6).
export {
  addHeadParams,
  addTttInputs,
  buildEagle3TttGraph,
  checkTttShape,
  gatheredRope,
  headAttentionInput,
  headKeyValue,
  rmsNorm,
  ropeTable,
  tttLoss,
  eagle3BatchFeeds,
  eagle3HeadFromParameters,
  eagle3ParameterCount,
  eagle3ParameterDims,
  eagle3ParameterKeys,
  eagle3ParametersOf,
  eagle3TttInputs,
  initialEagle3Parameters,
  targetToDraftIds,
  trainEagle3,
} from './eagle3/index.js';
export type {
  HeadKv,
  HeadParams,
  TttFutureSlots,
  TttTensors,
  Eagle3Batch,
  Eagle3ParameterName,
  Eagle3TttShape,
  TrainEagle3Options,
  TrainEagle3Result,
} from './eagle3/index.js';

// ConFu training: anchors, contemplate tokens through the frozen target, replication (§7.8).
export {
  allConfuParameterDims,
  buildConfuTttGraph,
  checkConfuTttShape,
  confuBatchFeeds,
  confuHeadFromParameters,
  confuParameterDims,
  confuParameterKeys,
  confuParametersOf,
  confuTttInputs,
  contemplateTaps,
  initialConfuParameters,
  moeGraph,
  trainConfu,
} from './confu/index.js';
export type {
  AnchorOptions,
  ConfuBatch,
  ConfuParameterName,
  ConfuTrainHeadConfig,
  ConfuTttShape,
  TrainConfuOptions,
  TrainConfuResult,
} from './confu/index.js';
export { runHeadTraining } from './head-training-loop.js';
export type { HeadTrainingLoop } from './head-training-loop.js';
export { createHeadTrainer, resolveHeadTraining } from './head-training.js';
export type {
  HeadTrainingOptions,
  HeadTrainingResult,
  HeadTrainingSettings,
} from './head-training.js';
