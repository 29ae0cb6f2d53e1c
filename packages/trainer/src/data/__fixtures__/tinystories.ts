import { hasSharedData, sharedPath } from '@internal/test-utils';

export const storiesJsonl = sharedPath('corpora/tinystories/stories.jsonl');
export const questionsJsonl = sharedPath('eval/tinystories/question.jsonl');
export const hasTinyStories = hasSharedData(
  'TinyStories corpus splits',
  'corpora/tinystories/stories.jsonl',
  'eval/tinystories/question.jsonl',
);
