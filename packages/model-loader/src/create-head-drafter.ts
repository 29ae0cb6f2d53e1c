import { ConfuError } from '@confu/errors';
import {
  createConfuDrafter,
  createEagle3Drafter,
  createRandomConfuDrafter,
  createRandomEagle3Drafter,
} from '@confu/draft';
import type { Drafter, TextModel } from '@confu/core';
import { loadDraftHead } from '@confu/checkpoint';
import type { DrafterSources, DrafterSpec } from './create-drafter.js';
import { accuracyLevelFor } from './assert-dtype.js';
import { detectCheckpoint } from './detect-checkpoint.js';
import { loadTargetEmbedding } from './load-target-embedding.js';

/** An EAGLE-3 or ConFu drafter from a head directory, or a seeded random head (tests). */
export async function createHeadDrafter(
  target: TextModel,
  spec: DrafterSpec,
  sources: DrafterSources,
): Promise<Drafter> {
  const { config, embedding } = await loadTargetEmbedding(
    sources.target,
    await detectCheckpoint(sources.target),
  );
  if (
    config.vocabSize !== target.lm.info.vocabSize ||
    config.hiddenSize !== target.lm.info.hiddenSize
  ) {
    throw new ConfuError(
      'INVALID_CONFIG',
      'the target checkpoint does not match the loaded target model',
    );
  }
  const common = {
    runtime: sources.runtime,
    targetEmbedding: embedding,
    targetConfig: config,
    tree: spec.tree,
    validTargetVocab: Math.min(target.tokenizer.vocabSize, config.vocabSize),
    ...(sources.dtype
      ? { dtype: sources.dtype, accuracyLevel: accuracyLevelFor(sources.runtime) }
      : {}),
  };
  if (!sources.draft) {
    const seed = spec.seed ?? 0;
    return spec.kind === 'confu'
      ? createRandomConfuDrafter({ ...common, seed })
      : createRandomEagle3Drafter({ ...common, seed });
  }
  const head = await loadDraftHead(sources.draft, { target: config });
  return spec.kind === 'confu'
    ? createConfuDrafter({
        ...common,
        head,
        ...(spec.contemplate === undefined ? {} : { contemplate: spec.contemplate }),
      })
    : createEagle3Drafter({ ...common, head });
}
