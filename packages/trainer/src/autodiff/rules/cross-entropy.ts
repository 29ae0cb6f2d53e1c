import { onnxDataTypeCode } from '@confu/onnx';
import { ConfuError } from '@confu/errors';
import { intAttribute, stringAttribute } from '../../graph/node-attributes.js';
import { staticDims } from '../../graph/tensor-info.js';
import type { GradientContext, GradientRule } from '../gradient-rule.js';

/** Per-sample weights of the loss gradient: `dL` spread over samples, masked, averaged. */
function sampleWeights(
  context: GradientContext,
  labels: string,
  dLoss: string,
  options: { reduction: string; valid: string | undefined; floatType: number },
): string {
  const { g } = context;
  const mask = options.valid && g.op('Cast', [options.valid], { to: options.floatType });
  let weights = mask ? g.op('Mul', [dLoss, mask]) : dLoss;
  if (options.reduction === 'mean') {
    const known = staticDims(context.info(labels).dims);
    const count = mask
      ? g.op('ReduceSum', [mask], { keepdims: 0 })
      : known
        ? g.scalar(known.reduce((product, dim) => product * dim, 1))
        : g.op('Cast', [g.op('Size', [labels])], { to: options.floatType });
    weights = g.op('Div', [weights, count]);
  }
  return weights;
}

/**
 * `SoftmaxCrossEntropyLoss(scores [N, C, ...], labels [N, ...])`, fused and stable:
 * d scores = (softmax(scores) − onehot(labels)) · w, with the one-hot subtracted in place by
 * ScatterElements (no [N, C] one-hot is built). A gradient on the `log_prob` output is folded in
 * with the LogSoftmax rule. Class weights are not supported.
 */
const softmaxCrossEntropy: GradientRule = (context, node, grads, needs) => {
  const { g } = context;
  if (!needs[0]) return [];
  if ((node.inputs[2] ?? '') !== '') {
    throw new ConfuError(
      'UNSUPPORTED',
      `node \`${node.name}\`: class weights have no gradient rule`,
    );
  }
  const [scores, labels] = node.inputs as [string, string];
  const [dLoss, dLogProb] = grads;
  const floatType = onnxDataTypeCode(context.info(scores).dtype);
  const axis = g.int64s([1]);
  // exp(log_prob) when the forward already produced it: an elementwise pass instead of a softmax.
  const logProb = node.outputs[1] ?? '';
  const p = logProb === '' ? g.op('Softmax', [scores], { axis: 1 }) : g.op('Exp', [logProb]);
  const contributions: string[] = [];
  if (dLoss) {
    const ignore =
      node.attributes.ignore_index === undefined
        ? undefined
        : intAttribute(node, 'ignore_index', 0);
    const valid =
      ignore === undefined ? undefined : g.op('Not', [g.op('Equal', [labels, g.int64s([ignore])])]);
    const safeLabels = valid ? g.op('Where', [valid, labels, g.int64s([0])]) : labels;
    const index = g.op('Unsqueeze', [safeLabels, axis]);
    const picked = g.op('GatherElements', [p, index], { axis: 1 });
    const delta = g.op('ScatterElements', [p, index, g.op('Sub', [picked, g.scalar(1)])], {
      axis: 1,
    });
    const reduction = stringAttribute(node, 'reduction', 'mean');
    const weights = sampleWeights(context, labels, dLoss, { reduction, valid, floatType });
    const perSample = reduction === 'none' || valid !== undefined;
    contributions.push(
      g.op('Mul', [delta, perSample ? g.op('Unsqueeze', [weights, axis]) : weights]),
    );
  }
  if (dLogProb) {
    const total = g.op('ReduceSum', [dLogProb, axis], { keepdims: 1 });
    contributions.push(g.op('Sub', [dLogProb, g.op('Mul', [p, total])]));
  }
  return [contributions.length === 1 ? contributions[0] : g.op('Sum', contributions)];
};

/** The fused rule of ONNX `SoftmaxCrossEntropyLoss`. */
export const crossEntropyRules: Readonly<Record<string, GradientRule>> = {
  SoftmaxCrossEntropyLoss: softmaxCrossEntropy,
};
