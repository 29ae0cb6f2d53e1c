import { ConfuError } from '@confu/errors';
import { splitLines } from './split-lines.js';

/** An evaluation prompt that training data must not contain. */
export interface DevPrompt {
  /** The first user turn (for TinyStories: the story's first sentence). */
  readonly firstTurn: string;
  /** The reference continuation(s), when the set has them. */
  readonly references: readonly string[];
}

/**
 * Reads evaluation questions in the MT-Bench-style JSONL of `eval/tinystories/question.jsonl`
 * (`{"turns": [..], "reference": [..]}` per line) into {@link DevPrompt}s.
 * @throws ConfuError `INVALID_FILE` naming `label` and the line for bad JSON or missing turns.
 */
export async function parseDevPrompts(
  chunks: AsyncIterable<string> | Iterable<string>,
  label = 'questions',
): Promise<DevPrompt[]> {
  const prompts: DevPrompt[] = [];
  let lineNumber = 0;
  for await (const line of splitLines(chunks)) {
    lineNumber++;
    if (line.trim() === '') continue;
    const where = `${label}:${lineNumber}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ConfuError('INVALID_FILE', `${where}: not valid JSON`, { cause: error });
    }
    const { turns, reference } = (value ?? {}) as { turns?: unknown; reference?: unknown };
    if (!Array.isArray(turns) || typeof turns[0] !== 'string') {
      throw new ConfuError('INVALID_FILE', `${where}: expected \`turns\` with a first string turn`);
    }
    const references = Array.isArray(reference)
      ? reference.filter((entry): entry is string => typeof entry === 'string')
      : [];
    prompts.push({ firstTurn: turns[0], references });
  }
  return prompts;
}
