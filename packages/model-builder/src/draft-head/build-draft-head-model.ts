import { ConfuError } from '@confu/errors';
import { createAttentionMask } from '../decoder/graph-attention.js';
import type { DecoderGraphContext } from '../decoder/graph-context.js';
import { graphRmsNorm } from '../decoder/graph-rms-norm.js';
import { createGraphRope } from '../decoder/graph-rope.js';
import { GraphBuilder, graphOps } from '@confu/onnx';
import type { BuiltModel } from '@confu/onnx';
import { headDecoderConfig, validateDraftHead } from '@confu/checkpoint';
import { draftHeadDims as dims, draftHeadTensorNames as names } from './draft-head-io-names.js';
import type { Eagle3HeadWeights } from '@confu/checkpoint';
import { graphDraftHeadLayer } from './graph-draft-head-layer.js';
import { createMatrixFactory } from '../decoder/graph-matrix.js';
import type { ModelDtype } from '@confu/core';

const { concat, reshape } = graphOps;

/** How {@link buildDraftHeadModel} shapes the graph. */
export interface DraftHeadBuildOptions {
  /** As {@link DecoderBuildOptions.attention}. Default `'onnx'`. */
  readonly attention?: 'onnx' | 'plain';
  /** `attention_mask` as float additive (0 / -Infinity) or bool. Default `'additive'`. */
  readonly maskType?: 'additive' | 'bool';
  /**
   * Rows of the RoPE table: every position id must stay below it. Default the head's
   * `max_position_embeddings`; drafters pass at least the target context plus the tree depth.
   */
  readonly maxPositions?: number;
  /** `location` of the external weights file. Default `'draft-head.onnx.data'`. */
  readonly externalDataPath?: string;
  /**
   * Target ids `≥ validTargetVocab` are never proposed: draft ids mapped to them are left out of
   * `top_log_probs` (their probability is 0; the others are renormalised), e.g. a padded draft
   * vocabulary or target embedding rows the tokenizer never produces. Default: the target vocab.
   */
  readonly validTargetVocab?: number;
  /** Matrices' storage, as {@link DecoderBuildOptions.dtype} (the target embedding included). */
  readonly dtype?: ModelDtype;
  /** As {@link DecoderBuildOptions.accuracyLevel}. Default 4. */
  readonly accuracyLevel?: number;
}

/**
 * Builds the ONNX graph of an EAGLE-3 / ConFu draft head (tensor names in
 * {@link draftHeadTensorNames}): one pass over token rows and extra embedding rows, with taps rows
 * (through `fc`) and hidden rows as features, explicit positions and mask, and the head's own past
 * K/V. The target embedding becomes an initializer here; it is never part of the head file.
 * @param targetEmbedding - `[V, h]` the target's token embedding (aliased, not copied).
 * @throws ConfuError `INVALID_ARGUMENT` for inconsistent weights, embedding or options.
 */
export function buildDraftHeadModel(
  head: Eagle3HeadWeights,
  targetEmbedding: Float32Array,
  options: DraftHeadBuildOptions = {},
): BuiltModel {
  validateDraftHead(head);
  const { config } = head;
  const { hiddenSize: h, vocabSize: V, numKvHeads: KVH, headDim: D } = config;
  if (targetEmbedding.length !== V * h) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `targetEmbedding has ${targetEmbedding.length} floats, expected [${V}, ${h}]`,
    );
  }
  const maxPositions = options.maxPositions ?? config.contextLength;
  if (!Number.isInteger(maxPositions) || maxPositions < 1) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`maxPositions\` must be a positive integer, got ${maxPositions}`,
    );
  }
  const mode = options.attention ?? 'onnx';
  const maskType = options.maskType ?? 'additive';
  const decoderConfig = headDecoderConfig(config, maxPositions);
  const g = new GraphBuilder({ name: 'confu_draft_head' });
  const matrix = createMatrixFactory(g, {
    dtype: options.dtype ?? 'fp32',
    accuracyLevel: options.accuracyLevel ?? 4,
  });
  const embedding = matrix('embedding', targetEmbedding, V, h);
  const ids = g.addInput(names.inputIds, 'int64', [1, dims.tokens]);
  const extra = g.addInput(names.tokenEmbeds, 'float32', [1, dims.extraRows, h]);
  const taps = g.addInput(names.taps, 'float32', [1, dims.tapRows, 3 * h]);
  const hidden = g.addInput(names.hidden, 'float32', [1, dims.hiddenRows, h]);
  const positionIds = g.addInput(names.positionIds, 'int64', [1, dims.rows]);
  const mask = g.addInput(names.attentionMask, maskType === 'bool' ? 'bool' : 'float32', [
    1,
    1,
    dims.rows,
    dims.total,
  ]);
  g.addInput(names.pastKey, 'float32', [1, dims.past, KVH, D]);
  g.addInput(names.pastValue, 'float32', [1, dims.past, KVH, D]);

  const embeddings = concat(
    g,
    [embedding.gather(reshape(g, ids, [-1])), reshape(g, extra, [-1, h])],
    0,
  );
  const fc = matrix('fc', head.fc, h, 3 * h);
  const features = concat(
    g,
    [fc.linear(reshape(g, taps, [-1, 3 * h])), reshape(g, hidden, [-1, h])],
    0,
  );
  const context: DecoderGraphContext = {
    g,
    config: decoderConfig,
    attention: mode,
    mask: createAttentionMask(g, decoderConfig, mask, maskType),
    rope: createGraphRope(g, decoderConfig, positionIds, mode),
    matrix,
  };
  const out = graphDraftHeadLayer(context, head, embeddings, features);
  reshape(g, out, [1, -1, h], names.hiddenOut);
  const finalNorm = g.addInitializer('norm', 'float32', [h], head.norm);
  const lmHead = matrix('lm_head', head.lmHead, config.draftVocabSize, h);
  const normed = graphRmsNorm(g, out, finalNorm, { eps: config.rmsNormEps, mode });
  const logits = lmHead.linear(normed);
  reshape(g, logits, [1, -1, config.draftVocabSize], names.logits);
  // Drafting needs only each row's best few ids: ranking in the graph saves moving and scanning
  // `rows × Vd` floats in JavaScript.
  const invalid = invalidDraftIds(head, options.validTargetVocab ?? V);
  const masked = invalid
    ? g.op('Add', [
        logits,
        g.addInitializer('draft_vocab_mask', 'float32', [config.draftVocabSize], invalid),
      ])
    : logits;
  const topK = g.addInput(names.topK, 'int64', [1]);
  const [topValues, topIds] = g.node('TopK', [g.op('LogSoftmax', [masked], { axis: -1 }), topK], {
    outputs: 2,
    attributes: { axis: -1, largest: 1, sorted: 1 },
  }) as [string, string];
  g.op('Unsqueeze', [topValues, g.int64s([0])], {}, names.topLogProbs);
  g.op('Unsqueeze', [topIds, g.int64s([0])], {}, names.topIds);

  g.addOutput(names.hiddenOut, 'float32', [1, dims.rows, h]);
  g.addOutput(names.logits, 'float32', [1, dims.rows, config.draftVocabSize]);
  g.addOutput(names.topLogProbs, 'float32', [1, dims.rows, dims.topK]);
  g.addOutput(names.topIds, 'int64', [1, dims.rows, dims.topK]);
  g.addOutput(names.newKey, 'float32', [1, dims.rows, KVH * D]);
  g.addOutput(names.newValue, 'float32', [1, dims.rows, KVH * D]);
  return g.build({ externalDataPath: options.externalDataPath ?? 'draft-head.onnx.data' });
}

/** `[Vd]` additive mask (−∞ for draft ids mapped to target ids ≥ `valid`), or none needed. */
function invalidDraftIds(head: Eagle3HeadWeights, valid: number): Float32Array | undefined {
  const mask = new Float32Array(head.d2t.length);
  let any = false;
  head.d2t.forEach((offset, id) => {
    if (id + Number(offset) >= valid) {
      mask[id] = Number.NEGATIVE_INFINITY;
      any = true;
    }
  });
  return any ? mask : undefined;
}
