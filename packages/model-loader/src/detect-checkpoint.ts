import { ConfuError } from '@confu/errors';
import type { FileSource } from '@confu/core';

/** The checkpoint layout found in a model directory. */
export type CheckpointLayout =
  | { readonly kind: 'llama2c'; readonly checkpoint: string; readonly tokenizer: string }
  | { readonly kind: 'huggingface' };

const llama2cTokenizer = /^(tokenizer|tok\d*)\.bin$/;

/**
 * Recognises a Hugging Face directory (`config.json`) or a llama2.c one (a `.bin` checkpoint beside
 * `tokenizer.bin` / `tok512.bin`).
 * @throws ConfuError `FILE_NOT_FOUND` when neither layout is present or a llama2.c directory is ambiguous.
 */
export async function detectCheckpoint(source: FileSource): Promise<CheckpointLayout> {
  const files = await source.list();
  if (files.includes('config.json')) return { kind: 'huggingface' };
  const top = files.filter((name) => !name.includes('/'));
  const tokenizers = top.filter((name) => llama2cTokenizer.test(name));
  const checkpoints = top.filter((name) => name.endsWith('.bin') && !llama2cTokenizer.test(name));
  if (checkpoints.length === 1 && tokenizers.length >= 1) {
    const tokenizer = tokenizers.includes('tokenizer.bin')
      ? 'tokenizer.bin'
      : (tokenizers[0] as string);
    return { kind: 'llama2c', checkpoint: checkpoints[0] as string, tokenizer };
  }
  const where = source.describe('');
  if (checkpoints.length > 1) {
    throw new ConfuError(
      'FILE_NOT_FOUND',
      `${where} holds several llama2.c checkpoints (${checkpoints.join(', ')}); keep one`,
    );
  }
  throw new ConfuError(
    'FILE_NOT_FOUND',
    `${where} is neither a Hugging Face model (config.json + *.safetensors) nor a llama2.c model (<name>.bin + tokenizer.bin or tok512.bin)`,
  );
}
