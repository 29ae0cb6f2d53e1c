import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');

/** `../shared` beside the repository, or `$CONFU_SHARED_DIR`. */
export const sharedDirectory = resolve(
  process.env['CONFU_SHARED_DIR'] ?? resolve(repositoryRoot, '../shared'),
);
export const stories260kDirectory = resolve(sharedDirectory, 'models/stories260K');
export const hasStories260k = existsSync(resolve(stories260kDirectory, 'stories260K.bin'));
export const storiesJsonl = resolve(sharedDirectory, 'corpora/tinystories/stories.jsonl');
export const questionsJsonl = resolve(sharedDirectory, 'eval/tinystories/question.jsonl');
export const hasTinyStories = existsSync(storiesJsonl) && existsSync(questionsJsonl);
