import { buildDecoderModel, createDecoderSpec } from '@confu/model-builder';
import { importHuggingFace, loadLlama2c } from '@confu/checkpoint';
import type { BuiltModel } from '@confu/onnx';
import type { DecoderBuildOptions, DecoderSpec } from '@confu/model-builder';
import type { FileSource } from '@confu/core';
import type { CheckpointLayout } from './detect-checkpoint.js';
import { sha256Hex, sha256OfFile } from './sha256.js';

/** A checkpoint turned into a target graph plus its metadata. */
export interface ConvertedCheckpoint {
  readonly built: BuiltModel;
  readonly spec: DecoderSpec;
}

/**
 * Imports a llama2.c or Hugging Face checkpoint (validating every file) and builds the target graph
 * of docs/architecture/target-graph.md.
 */
export async function convertCheckpoint(
  source: FileSource,
  layout: CheckpointLayout,
  options: Pick<
    DecoderBuildOptions,
    'tapLayers' | 'attention' | 'maskType' | 'validVocabSize' | 'dtype' | 'accuracyLevel'
  > = {},
): Promise<ConvertedCheckpoint> {
  if (layout.kind === 'llama2c') {
    // Array by array and hashed in ranges: a checkpoint is never one buffer (files ≥ 2 GiB).
    const weights = await loadLlama2c(source, layout.checkpoint);
    const spec = createDecoderSpec(weights, {
      ...options,
      sha256: await sha256OfFile(source, layout.checkpoint),
      sourceKind: 'llama2c',
    });
    return { built: buildDecoderModel(weights, options), spec };
  }
  const imported = await importHuggingFace(source);
  const { generation, weights } = imported;
  const spec = createDecoderSpec(weights, {
    ...options,
    sha256: await sha256Hex(await source.read('config.json')),
    sourceKind: 'huggingface',
    ...(generation?.bosTokenId !== undefined ? { bosTokenId: generation.bosTokenId } : {}),
    ...(generation?.eosTokenIds ? { eosTokenIds: generation.eosTokenIds } : {}),
  });
  return { built: buildDecoderModel(weights, options), spec };
}
