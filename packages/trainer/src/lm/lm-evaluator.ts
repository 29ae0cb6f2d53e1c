import type { LoadModelOptions, ModelSession, Tensor, TensorRuntime } from '@confu/core';
import { buildTrainingGraph } from '../training/build-training-graphs.js';
import { trainingNames } from '../training/training-names.js';
import { resolveAdamW } from '../optimizer/adamw-options.js';
import { buildLmGraph } from './build-lm-graph.js';
import { lmTokenBatch, packDocuments } from './lm-batches.js';
import type { LmShape } from './lm-shape.js';

/** The held-out loss of an LM's current parameters. */
export interface LmEvaluator {
  /** Mean next-token cross-entropy (nats) over every held-out token after the first. */
  loss(params: Readonly<Record<string, Tensor<'float32'>>>): Promise<number>;
  dispose(): Promise<void>;
}

/**
 * Compiles the forward-only cross-entropy graph of `shape` (whatever loss training uses) over
 * `documents` packed into sequences, the last one partial, so every token is scored once.
 */
export async function createLmEvaluator(
  runtime: TensorRuntime,
  shape: LmShape,
  documents: readonly ArrayLike<number>[],
  session?: LoadModelOptions,
): Promise<LmEvaluator> {
  const labels: LmShape = { ...shape, loss: 'labels' };
  const graph = buildTrainingGraph(buildLmGraph(labels), {
    kind: 'evaluate',
    adamw: resolveAdamW(),
    accumulation: 1,
  });
  const model: ModelSession = await runtime.loadModel(graph.source, session);
  const packed = packDocuments(documents, shape.seq, { partial: true });
  const batches = Array.from({ length: Math.ceil(packed.sequences / shape.batch) }, (_, index) =>
    lmTokenBatch(
      packed,
      Array.from(
        { length: Math.min(shape.batch, packed.sequences - index * shape.batch) },
        (_, row) => index * shape.batch + row,
      ),
      shape.batch,
    ),
  );
  return {
    async loss(params) {
      let total = 0;
      let rows = 0;
      for (const batch of batches) {
        const outputs = await model.run({ ...batch.feeds, ...params });
        total += (outputs[trainingNames.loss]?.data[0] as number) * batch.rows;
        rows += batch.rows;
      }
      return total / rows;
    },
    dispose: () => model.dispose(),
  };
}
