import { ConfuError } from '@confu/errors';
import { splitLines } from './split-lines.js';

/** One story of a JSONL corpus such as `corpora/tinystories/stories.jsonl`. */
export interface CorpusStory {
  readonly id: number | string;
  readonly split: string;
  readonly text: string;
}

/** Options of {@link parseCorpusStories}. */
export interface ParseCorpusStoriesOptions {
  /** Keep only stories of this split (e.g. `train`). Default: every split. */
  readonly split?: string;
  /** Names the source in error messages. Default `corpus`. */
  readonly label?: string;
}

/**
 * Streams `{id, split, text}` objects out of JSONL text (one object per line, blank lines
 * skipped), one line in memory at a time.
 * @throws ConfuError `INVALID_FILE` naming the source and line for bad JSON or a missing field.
 */
export async function* parseCorpusStories(
  chunks: AsyncIterable<string> | Iterable<string>,
  options: ParseCorpusStoriesOptions = {},
): AsyncGenerator<CorpusStory, void> {
  const label = options.label ?? 'corpus';
  let lineNumber = 0;
  for await (const line of splitLines(chunks)) {
    lineNumber++;
    if (line.trim() === '') continue;
    const story = parseStory(line, `${label}:${lineNumber}`);
    if (options.split === undefined || story.split === options.split) yield story;
  }
}

function parseStory(line: string, where: string): CorpusStory {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new ConfuError('INVALID_FILE', `${where}: not valid JSON`, { cause: error });
  }
  const record = (value ?? {}) as Partial<Record<'id' | 'split' | 'text', unknown>>;
  const { id, split, text } = record;
  if (typeof text !== 'string' || typeof split !== 'string') {
    throw new ConfuError('INVALID_FILE', `${where}: expected string \`text\` and \`split\` fields`);
  }
  if (typeof id !== 'number' && typeof id !== 'string') {
    throw new ConfuError('INVALID_FILE', `${where}: expected a number or string \`id\``);
  }
  return { id, split, text };
}
