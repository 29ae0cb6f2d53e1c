import { ConfuError } from '@confu/errors';
import type { FileSource } from '@confu/core';

/** Largest JSON side file read (config, index, tokenizer): far above real ones, bounds memory. */
export const maxJsonFileBytes = 100_000_000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a UTF-8 text file after checking its size against {@link maxJsonFileBytes}.
 * @throws ConfuError `INVALID_FILE` (too large, not UTF-8), `FILE_NOT_FOUND` from the source.
 */
export async function readTextFile(source: FileSource, name: string): Promise<string> {
  const label = source.describe(name);
  const size = await source.size(name);
  if (size > maxJsonFileBytes) {
    throw new ConfuError(
      'INVALID_FILE',
      `${label}: ${size} bytes exceeds the ${maxJsonFileBytes}-byte cap for JSON files`,
    );
  }
  try {
    return utf8.decode(await source.read(name));
  } catch (cause) {
    if (cause instanceof TypeError) {
      throw new ConfuError('INVALID_FILE', `${label}: not valid UTF-8`, { cause });
    }
    throw cause;
  }
}

/**
 * Reads and parses a JSON file that must hold an object.
 * @throws ConfuError `INVALID_FILE` naming the file when it is not a JSON object.
 */
export async function readJsonObject(
  source: FileSource,
  name: string,
): Promise<Record<string, unknown>> {
  const label = source.describe(name);
  const text = await readTextFile(source, name);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ConfuError('INVALID_FILE', `${label}: not valid JSON (${reason})`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfuError('INVALID_FILE', `${label}: expected a JSON object`);
  }
  return value as Record<string, unknown>;
}
