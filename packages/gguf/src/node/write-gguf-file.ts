import { open, rm } from 'node:fs/promises';
import { ConfuError } from '@confu/errors';
import type { GgufContent } from '../write-gguf.js';
import { writeGguf } from '../write-gguf.js';

/**
 * Streams a GGUF file to `path`, which must not exist yet; a failed write removes the partial file.
 * @returns the bytes written.
 * @throws ConfuError `INVALID_ARGUMENT` when `path` already exists.
 */
export async function writeGgufFile(path: string, content: GgufContent): Promise<number> {
  const file = await open(path, 'wx').catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'EEXIST') {
      throw new ConfuError('INVALID_ARGUMENT', `${path} already exists; refusing to overwrite it`, {
        cause: error,
      });
    }
    throw error;
  });
  try {
    const bytes = await writeGguf(
      { write: async (chunk) => void (await file.write(chunk)) },
      content,
    );
    await file.close();
    return bytes;
  } catch (error) {
    await file.close();
    await rm(path, { force: true });
    throw error;
  }
}
