import type { RecordingGraph } from '../graph/recording-graph.js';
import type { ForwardSpec } from '../training/record-forward.js';
import { eagle3ParameterDims } from './eagle3-parameters.js';
import type { Eagle3ParameterName } from './eagle3-parameters.js';
import { checkTttShape, eagle3TttInputs as inputs } from './eagle3-ttt-shape.js';
import type { Eagle3TttShape } from './eagle3-ttt-shape.js';
import { tttLoss } from './ttt-unroll.js';
import type { HeadParams, TttTensors } from './ttt-unroll.js';

/** Declares the head's trainable tensors as graph inputs. */
export function addHeadParams(g: RecordingGraph, shape: Eagle3TttShape): HeadParams {
  const dims = eagle3ParameterDims(shape.head);
  const p = {} as Record<Eagle3ParameterName, string>;
  for (const name of Object.keys(dims) as Eagle3ParameterName[]) {
    p[name] = g.addInput(name, 'float32', dims[name]);
  }
  return p;
}

/** Declares the training-time test's data inputs ({@link eagle3TttInputs}). */
export function addTttInputs(
  g: RecordingGraph,
  shape: Eagle3TttShape,
  params: HeadParams,
): TttTensors & { readonly embedding: string } {
  const { batch: B, seq: S, tttSteps: T, head } = shape;
  const { hiddenSize: h, vocabSize: V, draftVocabSize: Vd } = head;
  const embedding = g.addInput(inputs.embedding, 'float32', [V, h]);
  const taps = g.addInput(inputs.taps, 'float32', [B, S, 3 * h]);
  const ids = g.addInput(inputs.inputIds, 'int64', [B, S + T - 1]);
  const targetProbs = g.addInput(inputs.targetProbs, 'float32', [B, S + T - 1, Vd]);
  const stepWeights = g.addInput(inputs.stepWeights, 'float32', [T, B, S]);
  return {
    params,
    embedding,
    embedded: g.op('Gather', [embedding, ids]),
    taps,
    targetProbs,
    stepWeights,
  };
}

/**
 * EAGLE-3's training-time test (confu-spec.md §6) as a {@link BuildForward}: the head of
 * §4.2 unrolled for `T` steps over `B` sequences of `S` rows, in plain ONNX ops (see
 * {@link tttLoss}). The loss weights carry 0.8^s and the mask (normalised per step); the target is
 * restricted to the draft vocabulary. The target embedding is a graph input (`embed_tokens`), not a
 * parameter.
 */
export function buildEagle3TttGraph(shape: Eagle3TttShape): (g: RecordingGraph) => ForwardSpec {
  checkTttShape(shape);
  return (g) => {
    const params = addHeadParams(g, shape);
    const loss = tttLoss(g, shape, addTttInputs(g, shape, params));
    return { loss, params: Object.values(params) };
  };
}
