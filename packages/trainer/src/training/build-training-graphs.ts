import { concatExternalData } from '@confu/onnx';
import type { ModelSource } from '@confu/core';
import { differentiate } from '../autodiff/differentiate.js';
import type { RecordingGraph } from '../graph/recording-graph.js';
import type { ResolvedAdamW } from '../optimizer/adamw-options.js';
import { appendAdamW } from '../optimizer/append-adamw.js';
import { appendGradientScale } from '../optimizer/append-gradient-norm.js';
import { recordForward } from './record-forward.js';
import type { BuildForward, RecordedForward } from './record-forward.js';
import { trainingNames as names } from './training-names.js';

/** Which graph to compile. */
export type TrainingGraphKind =
  /** forward only: loss. */
  | 'evaluate'
  /** forward + backward: loss and running gradient sums (non-final micro-batches). */
  | 'accumulate'
  /** forward + backward + clip + AdamW: loss, norm, updated params and moments. */
  | 'step';

/** Options of {@link buildTrainingGraph}. */
export interface TrainingGraphOptions {
  readonly kind: TrainingGraphKind;
  readonly adamw: ResolvedAdamW;
  /** Micro-batches per update; > 1 adds running-sum inputs to `accumulate` and `step`. */
  readonly accumulation: number;
}

/** A compiled graph and the forward recording it came from. */
export interface TrainingGraph {
  readonly source: ModelSource;
  readonly forward: RecordedForward;
}

function scalarInput(g: RecordingGraph, name: string): string {
  return g.addInput(name, 'float32', []);
}

function appendBackward(forward: RecordedForward, options: TrainingGraphOptions): void {
  const { g, parameters } = forward;
  const raw = differentiate(g, { loss: forward.loss, wrt: parameters.map((p) => p.name) });
  // Gradient sums of earlier micro-batches arrive as inputs and are added here.
  // Outputs are named at their producing node: an Identity would copy every weight again.
  const grads = raw.map((grad, index) => {
    if (options.accumulation === 1) return grad;
    const { name, dims } = parameters[index] as (typeof parameters)[number];
    const sum = options.kind === 'accumulate' ? names.next(names.accumulated(name)) : undefined;
    return g.op('Add', [g.addInput(names.accumulated(name), 'float32', dims), grad], {}, sum);
  });
  if (options.kind === 'accumulate') {
    grads.forEach((grad, index) =>
      g.addOutput(grad, 'float32', (parameters[index] as (typeof parameters)[number]).dims),
    );
    return;
  }
  const { norm, scale } = appendGradientScale(g, grads, {
    accumulation: options.accumulation,
    maxGradNorm: options.adamw.maxGradNorm,
  });
  g.addOutput(g.op('Identity', [norm], {}, names.gradNorm), 'float32', []);
  const scalars = {
    stepSize: scalarInput(g, names.stepSize),
    epsilon: scalarInput(g, names.epsilon),
    decayFactor: scalarInput(g, names.decayFactor),
  };
  const updates = parameters.map(({ name, dims }, index) => ({
    param: name,
    grad: grads[index] as string,
    m: g.addInput(names.m(name), 'float32', dims),
    v: g.addInput(names.v(name), 'float32', dims),
    decay: options.adamw.decay(name, dims),
    lrScale: options.adamw.lrScale(name),
  }));
  const outputs = (name: string) => ({
    param: names.next(name),
    m: names.next(names.m(name)),
    v: names.next(names.v(name)),
  });
  appendAdamW(g, updates, scalars, { ...options.adamw, scale, outputs }).forEach((next, index) => {
    const { dims } = parameters[index] as (typeof parameters)[number];
    for (const output of [next.param, next.m, next.v]) g.addOutput(output, 'float32', dims);
  });
}

/**
 * Compiles one training graph from `buildForward`: parameters become graph inputs, and updated
 * values come out as `trainer.next.<name>` outputs to be fed back on the next run. Only standard
 * ONNX ops are used, so the graph is not tied to the CPU execution provider.
 */
export function buildTrainingGraph(
  buildForward: BuildForward,
  options: TrainingGraphOptions,
): TrainingGraph {
  const forward = recordForward(buildForward);
  const { g } = forward;
  g.addOutput(g.op('Identity', [forward.loss], {}, names.loss), 'float32', []);
  if (options.kind !== 'evaluate') appendBackward(forward, options);
  const built = g
    .lower({ initializersAsInputs: new Set(forward.parameters.map((p) => p.name)) })
    .build({ externalDataPath: 'training.onnx.data' });
  const { externalData } = built;
  const source: ModelSource = {
    kind: 'bytes',
    model: built.model,
    externalData:
      externalData.byteLength === 0
        ? []
        : [{ path: externalData.path, data: concatExternalData(externalData) }],
  };
  return { source, forward };
}
