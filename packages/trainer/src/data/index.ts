export { parseCorpusStories } from './corpus-jsonl.js';
export type { CorpusStory, ParseCorpusStoriesOptions } from './corpus-jsonl.js';
export { createDevExclusion } from './dev-exclusion.js';
export type { DevExclusion, DevExclusionOptions } from './dev-exclusion.js';
export { parseDevPrompts } from './dev-prompts.js';
export type { DevPrompt } from './dev-prompts.js';
export { generateTrainingRecords } from './generate-training-records.js';
export type {
  GenerateTrainingRecordsOptions,
  GenerationPrompt,
} from './generate-training-records.js';
export { decodeRecordBlob, encodeRecordBlob, trainingRecordFormat } from './record-codec.js';
export {
  encodeRecordFileHeader,
  encodeRecordFrame,
  openRecordStream,
  recordFileMagic,
  recordFileVersion,
} from './record-file-format.js';
export type { RecordStream } from './record-file-format.js';
export { selectDraftVocabulary } from './select-draft-vocabulary.js';
export type { DraftVocabulary, SelectDraftVocabularyOptions } from './select-draft-vocabulary.js';
export { splitLines } from './split-lines.js';
export { splitStory } from './split-story.js';
export type { SplitStoryOptions, StorySplit } from './split-story.js';
export {
  defaultTargetTopK,
  distributionFromLogits,
  maxFullDistributionVocab,
} from './target-distribution.js';
export type { DistributionMode } from './target-distribution.js';
export type { TargetGenerationChunk, TargetLm, TargetTextModel } from './target-model.js';
export { TokenCounter } from './token-counter.js';
export { trainingPrompts } from './training-prompts.js';
export type { SkippedStory, TrainingPrompt, TrainingPromptsOptions } from './training-prompts.js';
export type {
  FullTargetDistribution,
  RecordFinishReason,
  TargetDistribution,
  TopKTargetDistribution,
  TrainingRecord,
} from './training-record.js';
