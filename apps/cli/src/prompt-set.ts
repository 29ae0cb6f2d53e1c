import { readFile } from 'node:fs/promises';
import { ConfuError } from '@confu/errors';

/** One benchmark prompt: the first turn of a Spec-Bench / MT-bench style question. */
export interface BenchPrompt {
  readonly id: string;
  readonly category: string;
  readonly text: string;
}

/** Reads a Spec-Bench JSONL file (`{question_id, category, turns: [...]}` per line). */
export async function readPromptSet(path: string, limit?: number): Promise<BenchPrompt[]> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new ConfuError('FILE_NOT_FOUND', `cannot read ${path}`, { cause: error });
  });
  const prompts: BenchPrompt[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let row: { question_id?: unknown; category?: unknown; turns?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
    } catch (error) {
      throw new ConfuError('INVALID_FILE', `${path}:${index + 1} is not JSON`, { cause: error });
    }
    const first = Array.isArray(row.turns) ? (row.turns[0] as unknown) : undefined;
    if (typeof first !== 'string') {
      throw new ConfuError('INVALID_FILE', `${path}:${index + 1} has no string in \`turns[0]\``);
    }
    prompts.push({
      id: String(row.question_id ?? index + 1),
      category: typeof row.category === 'string' ? row.category : 'default',
      text: first,
    });
    if (limit !== undefined && prompts.length >= limit) break;
  }
  if (prompts.length === 0) throw new ConfuError('INVALID_FILE', `${path} holds no prompts`);
  return prompts;
}
