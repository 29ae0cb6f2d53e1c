import type { ModelDtype } from '@confu/core';
import { ConfuError } from '@confu/errors';
import { type BuiltModel, GraphBuilder, graphOps } from '@confu/onnx';
import type { DecoderBuildOptions } from './decoder-build-options.js';
import { decoderDims, decoderTensorNames as names } from './decoder-io-names.js';
import type { DecoderWeights } from '@confu/checkpoint';
import { createAttentionMask } from './graph-attention.js';
import type { DecoderGraphContext } from './graph-context.js';
import { graphDecoderLayer } from './graph-decoder-layer.js';
import { createMatrixFactory } from './graph-matrix.js';
import { graphRmsNorm } from './graph-rms-norm.js';
import { createGraphRope } from './graph-rope.js';
import { resolveTapLayers } from './tap-layers.js';
import { validateDecoderWeights } from '@confu/checkpoint';

const { concat, reshape } = graphOps;

/**
 * Builds the ONNX decoder of docs/architecture/target-graph.md: explicit positions and mask, past
 * K/V as BSHD rows, only the new K/V rows out, plus logits and hidden-state taps. With
 * `extraEmbeds` (default) the new rows are the `S` tokens followed by `E` given embedding rows.
 * Weight arrays are aliased by the returned external data, not copied (fused ones excepted).
 * @throws ConfuError `INVALID_ARGUMENT` when weights disagree with their config or options are invalid.
 */
export function buildDecoderModel(
  weights: DecoderWeights,
  options: DecoderBuildOptions = {},
): BuiltModel {
  validateDecoderWeights(weights);
  validateBuildOptions(options);
  const { config } = weights;
  const { hiddenSize: h, numKvHeads: KVH, headDim: D, vocabSize: V, numLayers: L } = config;
  const mode = options.attention ?? 'onnx';
  const maskType = options.maskType ?? 'additive';
  const inputs = options.inputs ?? 'ids';
  const extraEmbeds = options.extraEmbeds ?? true;
  const tapLayers = resolveTapLayers(L, options.tapLayers ?? weights.tapLayers);
  const { sequence: S, past: P, total: T } = decoderDims;
  // Token rows get their own dim name when extra rows follow them, so no shape inference ever
  // assumes `input_ids` and `position_ids` agree.
  const tokenRows = extraEmbeds ? decoderDims.tokens : S;
  const g = new GraphBuilder({ name: 'confu_decoder' });
  const dtype = options.dtype ?? 'fp32';
  const accuracyLevel = options.accuracyLevel ?? 4;
  const matrix = createMatrixFactory(g, { dtype, accuracyLevel });
  const vocabularyMatrix = createMatrixFactory(g, {
    dtype: embeddingDtype(dtype, options.embeddingDtype),
    accuracyLevel,
  });

  // With embeddings as input, the table is only needed as a tied head.
  const needsEmbedding = inputs === 'ids' || config.tiedEmbeddings;
  const embedding = needsEmbedding
    ? vocabularyMatrix('embedding', weights.embedding, V, h)
    : undefined;
  let x =
    inputs === 'ids' && embedding
      ? embedding.gather(reshape(g, g.addInput(names.inputIds, 'int64', [1, tokenRows]), [-1]))
      : reshape(g, g.addInput(names.inputsEmbeds, 'float32', [1, tokenRows, h]), [-1, h]);
  if (extraEmbeds) {
    // Extra rows follow the token rows: [x_0 … x_{S-1}, e_0 … e_{E-1}]; either part may be empty.
    const extra = g.addInput(names.extraEmbeds, 'float32', [1, decoderDims.extra, h]);
    x = concat(g, [x, reshape(g, extra, [-1, h])], 0);
  }
  const positionIds = g.addInput(names.positionIds, 'int64', [1, S]);
  const maskDtype = maskType === 'bool' ? 'bool' : 'float32';
  const mask = g.addInput(names.attentionMask, maskDtype, [1, 1, S, T]);
  for (let layer = 0; layer < L; layer++) {
    g.addInput(names.pastKey(layer), 'float32', [1, P, KVH, D]);
    g.addInput(names.pastValue(layer), 'float32', [1, P, KVH, D]);
  }

  const context: DecoderGraphContext = {
    g,
    config,
    attention: mode,
    mask: createAttentionMask(g, config, mask, maskType),
    rope: createGraphRope(g, config, positionIds, mode),
    matrix,
  };
  const taps: string[] = [];
  weights.layers.forEach((layer, index) => {
    for (const tap of tapLayers) if (tap === index) taps.push(x);
    x = graphDecoderLayer(context, layer, index, x);
  });

  const finalNorm = g.addInitializer('final_norm', 'float32', [h], weights.finalNorm);
  const head = weights.lmHead ? vocabularyMatrix('lm_head', weights.lmHead, V, h) : embedding;
  const raw = (head as NonNullable<typeof head>).linear(
    graphRmsNorm(g, x, finalNorm, { eps: config.rmsNormEps, mode }),
  );
  const valid = options.validVocabSize ?? V;
  const logits =
    valid < V
      ? g.op('Add', [raw, g.addInitializer('vocab_mask', 'float32', [V], invalidIdMask(V, valid))])
      : raw;
  reshape(g, logits, [1, -1, V], names.logits);
  g.op(
    'Unsqueeze',
    [g.op('ArgMax', [logits], { axis: 1, keepdims: 0 }), g.int64s([0])],
    {},
    names.argmax,
  );
  reshape(
    g,
    taps.length === 1 ? (taps[0] as string) : concat(g, taps, 1),
    [1, -1, taps.length * h],
    names.hiddenTaps,
  );

  g.addOutput(names.logits, 'float32', [1, S, V]);
  g.addOutput(names.argmax, 'int64', [1, S]);
  for (let layer = 0; layer < L; layer++) {
    g.addOutput(names.newKey(layer), 'float32', [1, S, KVH * D]);
    g.addOutput(names.newValue(layer), 'float32', [1, S, KVH * D]);
  }
  g.addOutput(names.hiddenTaps, 'float32', [1, S, taps.length * h]);
  return g.build({ externalDataPath: options.externalDataPath ?? 'model.onnx.data' });
}

/** The embedding / LM-head storage: as asked, else q8 for q4 graphs, else the graph's dtype. */
export function embeddingDtype(dtype: ModelDtype, asked: ModelDtype | undefined): ModelDtype {
  return asked ?? (dtype === 'q4' ? 'q8' : dtype);
}

/** `[V]`: 0 for ids below `valid`, −∞ from there on. */
function invalidIdMask(V: number, valid: number): Float32Array {
  return new Float32Array(V).fill(Number.NEGATIVE_INFINITY, valid);
}

function validateBuildOptions(options: DecoderBuildOptions): void {
  const valid = options.validVocabSize;
  if (valid !== undefined && (!Number.isInteger(valid) || valid < 1)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`validVocabSize\` must be a positive integer, got ${String(valid)}`,
    );
  }
  if (options.extraEmbeds !== undefined && typeof options.extraEmbeds !== 'boolean') {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `\`extraEmbeds\` must be a boolean, got ${String(options.extraEmbeds)}`,
    );
  }
  const allowed = {
    inputs: ['ids', 'embeds'],
    maskType: ['additive', 'bool'],
    attention: ['onnx', 'plain'],
  };
  for (const [key, values] of Object.entries(allowed)) {
    const value = options[key as keyof typeof allowed];
    if (value !== undefined && !values.includes(value)) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `\`${key}\` must be one of ${values.join(', ')}, got ${String(value)}`,
      );
    }
  }
}
