import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomDraftHead, saveDraftHead } from '@confu/checkpoint';
import type { DecoderConfig } from '@confu/checkpoint';
import { randomDecoderWeights } from '@confu/checkpoint/testing';
import { writeHfCheckpoint } from './random-hf-checkpoint.js';

/** A tiny Llama over the letters tokenizer of `writeHfCheckpoint` (29 ids). */
export const tinyLlamaConfig: DecoderConfig = {
  hiddenSize: 32,
  intermediateSize: 48,
  numLayers: 4,
  numHeads: 4,
  numKvHeads: 2,
  headDim: 8,
  vocabSize: 29,
  contextLength: 128,
  ropeTheta: 10000,
  rmsNormEps: 1e-6,
  tiedEmbeddings: false,
  qkvBias: false,
  qkNorm: false,
};

/**
 * A random-weight Hugging Face Llama folder in the real layout (config.json, model.safetensors,
 * tokenizer files) with, when asked, its own SpecForge-layout heads in `eagle3/` and `confu/`.
 */
export async function writeRandomModelFolder(
  directory: string,
  heads: readonly ('eagle3' | 'confu')[] = [],
): Promise<void> {
  const weights = randomDecoderWeights(tinyLlamaConfig, 11);
  await writeHfCheckpoint(directory, weights, 'llama');
  for (const method of heads) {
    const head = randomDraftHead(weights.config, {
      seed: method === 'confu' ? 13 : 12,
      ...(method === 'confu' ? { confu: { softPromptLength: 2 } } : {}),
    });
    const files = saveDraftHead(head);
    await mkdir(join(directory, method), { recursive: true });
    for (const [name, bytes] of Object.entries(files)) {
      await writeFile(join(directory, method, name), bytes);
    }
  }
}
