import { ConfuError } from '@confu/errors';
import type { FileSource, Tokenizer } from '@confu/core';
import { loadHfTokenizer, loadLlama2cTokenizer } from '@confu/tokenizer';
import type { CheckpointLayout } from './detect-checkpoint.js';
import { readBoundedFile } from './read-bounded-file.js';

/** Loads the tokenizer that belongs to a checkpoint directory. */
export async function loadCheckpointTokenizer(
  source: FileSource,
  layout: CheckpointLayout,
  vocabSize?: number,
): Promise<Tokenizer> {
  if (layout.kind === 'llama2c') {
    const bytes = await readBoundedFile(source, layout.tokenizer);
    return loadLlama2cTokenizer(bytes, {
      name: source.describe(layout.tokenizer),
      ...(vocabSize ? { vocabSize } : {}),
    });
  }
  const files = await source.list();
  if (!files.includes('tokenizer.json')) {
    // An expanded llama2.c model keeps its original tokenizer (see `confu expand`).
    if (files.includes('tokenizer.bin')) {
      return loadLlama2cTokenizer(await readBoundedFile(source, 'tokenizer.bin'), {
        name: source.describe('tokenizer.bin'),
      });
    }
    throw new ConfuError(
      'FILE_NOT_FOUND',
      `${source.describe('tokenizer.json')} is missing (and there is no llama2.c tokenizer.bin)`,
    );
  }
  const json = new TextDecoder().decode(await readBoundedFile(source, 'tokenizer.json'));
  const config = files.includes('tokenizer_config.json')
    ? await readJson(source, 'tokenizer_config.json')
    : undefined;
  return loadHfTokenizer(json, {
    name: source.describe('tokenizer.json'),
    ...(config ? { config } : {}),
  });
}

async function readJson(source: FileSource, name: string): Promise<object> {
  const text = new TextDecoder().decode(await readBoundedFile(source, name));
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) throw new TypeError('not an object');
    return value;
  } catch (error) {
    throw new ConfuError('INVALID_FILE', `${source.describe(name)} is not a JSON object`, {
      cause: error,
    });
  }
}
