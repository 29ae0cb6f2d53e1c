import { graphOps } from '@confu/onnx';
import { createTensor } from '@confu/runtime';
import type { Tensor } from '@confu/core';
import type { RecordingGraph } from '../graph/recording-graph.js';
import type { SeededRandom } from '@confu/sampler';
import { randomNormal } from '../seeded-random.js';
import type { ForwardSpec } from '../training/record-forward.js';

/**
 * A 4 → 8 → 3 classifier (Gemm, SiLU, Gemm, SoftmaxCrossEntropyLoss mean) over `batch` rows.
 * Weights are initializers (so they need no `initialParams`), biases are inputs.
 */
export function tinyMlp(batch: number, random: SeededRandom): (g: RecordingGraph) => ForwardSpec {
  const w1 = randomNormal(random, 32, 0.5);
  const w2 = randomNormal(random, 24, 0.5);
  return (g) => {
    const x = g.addInput('x', 'float32', [batch, 4]);
    const labels = g.addInput('labels', 'int64', [batch]);
    const weight1 = g.addInitializer('w1', 'float32', [8, 4], w1);
    const weight2 = g.addInitializer('w2', 'float32', [3, 8], w2);
    const b1 = g.addInput('b1', 'float32', [8]);
    const b2 = g.addInput('b2', 'float32', [3]);
    const hidden = graphOps.linear(g, x, weight1, b1);
    const activated = g.op('Mul', [hidden, g.op('Sigmoid', [hidden])]);
    const logits = graphOps.linear(g, activated, weight2, b2);
    const [loss] = g.node('SoftmaxCrossEntropyLoss', [logits, labels], { outputs: 1 });
    return { loss: loss as string, params: ['w1', 'b1', 'w2', 'b2'] };
  };
}

/** Zero biases for {@link tinyMlp}. */
export const tinyMlpBiases = { b1: new Float32Array(8), b2: new Float32Array(3) };

/** A separable toy problem: the label is the argmax of the first three features. */
export function tinyMlpBatch(random: SeededRandom, batch: number): { x: Tensor; labels: Tensor } {
  const x = Float32Array.from({ length: batch * 4 }, () => random.next() * 2 - 1);
  const labels = BigInt64Array.from({ length: batch }, (_, row) => {
    const [a, b, c] = [x[row * 4], x[row * 4 + 1], x[row * 4 + 2]] as [number, number, number];
    return BigInt(a >= b && a >= c ? 0 : b >= c ? 1 : 2);
  });
  return { x: createTensor('float32', x, [batch, 4]), labels: createTensor('int64', labels, [batch]) };
}

/** Rows `from..to` of a {@link tinyMlpBatch} (micro-batches of a batch). */
export function sliceMlpBatch(batch: { x: Tensor; labels: Tensor }, from: number, to: number): { x: Tensor; labels: Tensor } {
  return {
    x: createTensor('float32', (batch.x.data as Float32Array).slice(from * 4, to * 4), [to - from, 4]),
    labels: createTensor('int64', (batch.labels.data as BigInt64Array).slice(from, to), [to - from]),
  };
}
