import { ConfuError } from '@confu/errors';
import type { ConfuErrorCode } from '@confu/errors';
import { expect } from 'vitest';
import { createMemoryFileSource } from '../../memory-file-source.js';
import { importHuggingFace } from '../import-hugging-face.js';
import type { HuggingFaceImport } from '../import-hugging-face.js';

const encoder = new TextEncoder();

/** UTF-8 JSON bytes of `value`. */
export const json = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));

/** Imports in-memory files labelled `model/`. */
export async function importFiles(files: Record<string, Uint8Array>): Promise<HuggingFaceImport> {
  return importHuggingFace(createMemoryFileSource(files, 'model'));
}

/** Expects the import to fail with a ConfuError of `code` whose message matches every pattern. */
export async function expectImportRejected(
  files: Record<string, Uint8Array>,
  code: ConfuErrorCode,
  ...patterns: (string | RegExp)[]
): Promise<void> {
  const error: unknown = await importFiles(files).then(
    () => expect.fail('expected a ConfuError'),
    (caught: unknown) => caught,
  );
  if (!ConfuError.isInstance(error)) throw error;
  expect(error.code, error.message).toBe(code);
  for (const pattern of patterns) expect(error.message).toMatch(pattern);
}
