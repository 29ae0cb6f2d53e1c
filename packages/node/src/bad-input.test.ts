import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasStories260k, stories260kDirectory } from '@internal/test-utils';
import { loadModel } from './load-model.js';

async function modelDirectory(checkpoint: Uint8Array, tokenizer?: Uint8Array): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'confu-bad-'));
  await writeFile(join(directory, 'model.bin'), checkpoint);
  if (tokenizer) await writeFile(join(directory, 'tok512.bin'), tokenizer);
  else await copyFile(join(stories260kDirectory, 'tok512.bin'), join(directory, 'tok512.bin'));
  return directory;
}

describe.skipIf(!hasStories260k('loadModel with corrupt llama2.c files'))(
  'loadModel with corrupt llama2.c files',
  () => {
    const options = async (): Promise<{ cacheDirectory: string }> => ({
      cacheDirectory: await mkdtemp(join(tmpdir(), 'confu-cache-')),
    });

    it('rejects a truncated checkpoint, naming the file and both sizes', async () => {
      const bytes = await readFile(join(stories260kDirectory, 'stories260K.bin'));
      const directory = await modelDirectory(bytes.subarray(0, bytes.length - 100));

      await expect(loadModel(directory, await options())).rejects.toMatchObject({
        code: 'INVALID_FILE',
        message: expect.stringMatching(
          /model\.bin.*1056540.*1056440|model\.bin.*1056440.*1056540/s,
        ),
      });
    });

    it('rejects a header-only checkpoint and one with inconsistent dims', async () => {
      const header = new Int32Array([64, 172, 5, 7, 4, 512, 512]);
      const directory = await modelDirectory(new Uint8Array(header.buffer));

      await expect(loadModel(directory, await options())).rejects.toMatchObject({
        code: 'INVALID_FILE',
      });
    });

    it('rejects a corrupt tokenizer.bin', async () => {
      const bytes = await readFile(join(stories260kDirectory, 'stories260K.bin'));
      const directory = await modelDirectory(bytes, new Uint8Array([7, 0, 0, 0, 1, 2, 3]));

      await expect(loadModel(directory, await options())).rejects.toMatchObject({
        code: 'INVALID_FILE',
        message: expect.stringContaining('tok512.bin'),
      });
    });
  },
);
