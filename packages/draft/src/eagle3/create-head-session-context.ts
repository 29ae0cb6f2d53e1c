import { buildDraftHeadModel } from '@confu/model-builder';
import { checkDraftHeadTarget, draftToTargetIds } from '@confu/checkpoint';
import { concatExternalData } from '@confu/onnx';
import type { DecoderConfig, Eagle3HeadWeights } from '@confu/checkpoint';
import { KvCache } from '@confu/runtime';
import type { LoadModelOptions, ModelDtype, TensorRuntime, TreeOptions } from '@confu/core';
import { assertTreeOptions } from '../tree/index.js';
import { DraftHeadRunner } from './draft-head-runner.js';
import type { HeadSessionContext } from './eagle3-draft-session.js';
import type { RoundStartHook } from './round-start.js';

/** Options of {@link createEagle3Drafter}. */
export interface Eagle3DrafterOptions {
  readonly runtime: TensorRuntime;
  /** A loaded (`loadDraftHead`) or random (`randomDraftHead`) head. */
  readonly head: Eagle3HeadWeights;
  /** `[V, h]` the target's token embedding, shared by the head. */
  readonly targetEmbedding: Float32Array;
  /** The target's config: vocabulary and hidden size must match the head's; sizes the caches. */
  readonly targetConfig: Pick<
    DecoderConfig,
    'vocabSize' | 'hiddenSize' | 'numLayers' | 'contextLength'
  >;
  readonly tree: TreeOptions;
  /** Passed to `runtime.loadModel` for the head graph. */
  readonly loadOptions?: LoadModelOptions;
  /** Attention ops of the head graph (`buildDraftHeadModel`). Default `'onnx'`. */
  readonly attention?: 'onnx' | 'plain';
  /**
   * Target ids the tokenizer can produce are `[0, validTargetVocab)`; no other id is ever
   * proposed. Default: the target vocabulary.
   */
  readonly validTargetVocab?: number;
  /** How the head graph stores its matrices (the shared target embedding included). Default fp32. */
  readonly dtype?: ModelDtype;
  /** `MatMulNBits` `accuracy_level` for q8 / q4 heads. Default 4. */
  readonly accuracyLevel?: number;
}

/**
 * Validates the options, builds the head graph with the target embedding, loads it and returns
 * what every session of the drafter shares.
 * @throws ConfuError `INVALID_ARGUMENT` (tree options, embedding size), `INVALID_CONFIG` (head and
 * target disagree), `MODEL_LOAD_FAILED`.
 */
export async function createHeadSessionContext(
  options: Eagle3DrafterOptions,
  roundStart?: RoundStartHook,
): Promise<HeadSessionContext> {
  const { head, tree, targetConfig } = options;
  assertTreeOptions(tree, {
    depth: '`tree.depth`',
    topK: '`tree.topK`',
    totalTokens: '`tree.totalTokens`',
  });
  checkDraftHeadTarget(head.config, targetConfig, 'draft head config');
  // Positions reach n + depth − 1 with n < the target context; the head's own limit may be smaller.
  const maxPositions = Math.max(
    head.config.contextLength,
    targetConfig.contextLength + tree.depth + 1,
  );
  const built = buildDraftHeadModel(head, options.targetEmbedding, {
    maxPositions,
    ...(options.attention ? { attention: options.attention } : {}),
    ...(options.validTargetVocab === undefined
      ? {}
      : { validTargetVocab: options.validTargetVocab }),
    ...(options.dtype ? { dtype: options.dtype } : {}),
    ...(options.accuracyLevel === undefined ? {} : { accuracyLevel: options.accuracyLevel }),
  });
  const externalData = built.externalData.byteLength
    ? [{ path: built.externalData.path, data: concatExternalData(built.externalData) }]
    : [];
  const session = await options.runtime.loadModel(
    { kind: 'bytes', model: built.model, externalData },
    options.loadOptions,
  );
  const { numKvHeads, headDim } = head.config;
  // Room for per-round trees up to 32 expansion steps of 16 rows (`draft(signal, { tree })`).
  const maxLength = targetConfig.contextLength + 1 + Math.max(tree.depth * tree.topK, 32 * 16);
  return {
    // Rank a few more candidates than the default tree needs, for per-round tree shapes.
    runner: new DraftHeadRunner(session, head.config, Math.max(tree.topK, 16)),
    tree,
    draftToTarget: draftToTargetIds(head.d2t),
    createCache: () => new KvCache({ numLayers: 1, rowSize: numKvHeads * headDim, maxLength }),
    ...(roundStart ? { roundStart } : {}),
  };
}
