import { graphOps } from '@confu/onnx';
import { causalMaskInitializer, rmsNorm, ropeTable } from '../eagle3/ttt-graph-ops.js';
import type { BuildForward } from '../training/record-forward.js';
import { lmDecoderLayer } from './lm-decoder-layer.js';
import { lmParameterDims, lmParameterNames as names } from './lm-parameters.js';
import { checkLmShape, ignoredLabel, lmInputs } from './lm-shape.js';
import type { LmShape } from './lm-shape.js';

const { linear, reshape } = graphOps;

/**
 * The forward graph of LM training: token embedding, `L` decoder layers
 * ({@link lmDecoderLayer}), final RMSNorm and the output head (the embedding when tied), then
 * the mean causal cross-entropy over the scored rows — against `lm.labels` (fused
 * SoftmaxCrossEntropyLoss, `-100` ignored) or against `lm.target_probs` weighted by
 * `lm.row_weights` (distillation). Every parameter is a graph input.
 * @throws ConfuError `INVALID_ARGUMENT` for a shape {@link checkLmShape} rejects.
 */
export function buildLmGraph(shape: LmShape): BuildForward {
  checkLmShape(shape);
  return (g) => {
    const { batch: B, seq: S, config } = shape;
    const { hiddenSize: h, numHeads: H, numKvHeads: KVH, headDim: D, vocabSize: V } = config;
    const dims = lmParameterDims(config);
    for (const [name, parameterDims] of Object.entries(dims))
      g.addInput(name, 'float32', parameterDims);
    const ids = g.addInput(lmInputs.inputIds, 'int64', [B, S]);
    const context = {
      g,
      shape,
      rope: ropeTable(g, config, 'lm_rope', [0, S]),
      causalMask: causalMaskInitializer(g, 'lm_causal_mask', H / KVH, S),
      scale: g.scalar(1 / Math.sqrt(D)),
    };
    let x = reshape(g, g.op('Gather', [names.embedding, ids]), [B * S, h]);
    for (let layer = 0; layer < config.numLayers; layer++) {
      x = lmDecoderLayer(context, layer, x);
    }
    const normed = rmsNorm(g, x, names.finalNorm, config.rmsNormEps);
    const logits = linear(g, normed, config.tiedEmbeddings ? names.embedding : names.lmHead);
    let loss: string;
    if (shape.loss === 'labels') {
      const labels = g.addInput(lmInputs.labels, 'int64', [B, S]);
      // The unused log_prob output lets the backward reuse exp(log_prob) instead of a softmax.
      [loss] = g.node('SoftmaxCrossEntropyLoss', [logits, reshape(g, labels, [-1])], {
        attributes: { ignore_index: ignoredLabel },
        outputs: 2,
      }) as [string];
    } else {
      const target = g.addInput(lmInputs.targetProbs, 'float32', [B * S, V]);
      const weights = g.addInput(lmInputs.rowWeights, 'float32', [B * S]);
      const logQ = g.op('LogSoftmax', [logits], { axis: -1 });
      const rows = g.op('ReduceSum', [g.op('Mul', [target, logQ]), g.int64s([-1])], {
        keepdims: 0,
      });
      loss = g.op('Neg', [g.op('ReduceSum', [g.op('Mul', [rows, weights])], { keepdims: 0 })]);
    }
    return { loss, params: Object.keys(dims) };
  };
}
