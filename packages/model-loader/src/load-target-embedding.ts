import { ConfuError } from '@confu/errors';
import { loadLlama2c, openSafetensorsCheckpoint, parseHuggingFaceConfig } from '@confu/checkpoint';
import type { DecoderConfig } from '@confu/checkpoint';
import type { FileSource } from '@confu/core';
import type { CheckpointLayout } from './detect-checkpoint.js';

/** The target's architecture and token embedding `[V, h]`, which draft heads share. */
export interface TargetEmbedding {
  readonly config: DecoderConfig;
  readonly embedding: Float32Array;
}

/** Reads the target's config and embedding table (a head file never carries a copy). */
export async function loadTargetEmbedding(
  source: FileSource,
  layout: CheckpointLayout,
): Promise<TargetEmbedding> {
  if (layout.kind === 'llama2c') {
    const weights = await loadLlama2c(source, layout.checkpoint);
    return { config: weights.config, embedding: weights.embedding };
  }
  const text = new TextDecoder().decode(await source.read('config.json'));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfuError('INVALID_FILE', `${source.describe('config.json')} is not JSON`, {
      cause: error,
    });
  }
  if (typeof json !== 'object' || json === null) {
    throw new ConfuError('INVALID_FILE', `${source.describe('config.json')} is not a JSON object`);
  }
  const { config } = parseHuggingFaceConfig(
    json as Record<string, unknown>,
    source.describe('config.json'),
  );
  const checkpoint = await openSafetensorsCheckpoint(source);
  const embedding = await checkpoint.readWeight('model.embed_tokens.weight', [
    config.vocabSize,
    config.hiddenSize,
  ]);
  return { config, embedding };
}
