import { randomDecoderWeights } from '@confu/checkpoint/testing';
import { referenceForward } from '@confu/model-builder/testing';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { describe, expect, it } from 'vitest';
import { feed, gradientCheck, tolerance } from '../autodiff/__fixtures__/gradient-check.js';
import type { CheckFeed } from '../autodiff/__fixtures__/gradient-check.js';
import { createTrainer } from '../trainer.js';
import type { BatchFeeds } from '../training-step.js';
import { buildLmGraph } from './build-lm-graph.js';
import { lmRecordBatch, lmTokenBatch, packDocuments } from './lm-batches.js';
import { lmParameterDims, lmParametersFromDecoder } from './lm-parameters.js';
import type { LmShape } from './lm-shape.js';
import { tinyDocuments, tinyLmConfig } from './__fixtures__/tiny-lm.js';
import type { TrainingRecord } from '../data/training-record.js';

const weights = randomDecoderWeights({ ...tinyLmConfig, numLayers: 2 }, 5);
const shape: LmShape = { config: weights.config, batch: 2, seq: 6, loss: 'labels' };

/** Mean −log p(next) of the sequences under model-builder's float64 reference forward pass. */
function referenceLoss(sequences: readonly number[][]): number {
  let total = 0;
  let count = 0;
  for (const tokens of sequences) {
    const n = tokens.length - 1;
    const { logits } = referenceForward(weights, {
      tokens: tokens.slice(0, n),
      positions: Array.from({ length: n }, (_, i) => i),
      mask: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => j <= i)),
    });
    const V = weights.config.vocabSize;
    for (let i = 0; i < n; i++) {
      const row = Array.from(logits.subarray(i * V, (i + 1) * V));
      const max = Math.max(...row);
      const logSum = max + Math.log(row.reduce((sum, value) => sum + Math.exp(value - max), 0));
      total += logSum - (row[tokens[i + 1] as number] as number);
      count++;
    }
  }
  return total / count;
}

async function graphLoss(lmShape: LmShape, batch: BatchFeeds): Promise<number> {
  await using trainer = await createTrainer({
    runtime: createOnnxNodeRuntime({ numThreads: 1 }),
    buildForward: buildLmGraph(lmShape),
    initialParams: lmParametersFromDecoder(weights),
    schedule: 0,
  });
  return trainer.evaluate(batch);
}

describe('buildLmGraph', () => {
  const packed = packDocuments(tinyDocuments(6), shape.seq);
  const sequences = [0, 1].map((index) =>
    Array.from(packed.tokens.subarray(index * 6, index * 6 + 7)),
  );

  it('gives the mean next-token cross-entropy of the float64 reference forward pass', async () => {
    const loss = await graphLoss(shape, lmTokenBatch(packed, [0, 1], 2).feeds);

    expect(loss).toBeCloseTo(referenceLoss(sequences), 5);
  });

  it('ignores rows labelled −100 (a partial batch scores only its rows)', async () => {
    const loss = await graphLoss(shape, lmTokenBatch(packed, [1], 2).feeds);

    expect(loss).toBeCloseTo(referenceLoss([sequences[1] as number[]]), 5);
  });

  it('with one-hot target rows, the distillation loss equals the cross-entropy', async () => {
    const records = sequences.map((tokens, index): TrainingRecord => ({
      index,
      tokens: Int32Array.from(tokens),
      promptLength: 1,
      finishReason: 'reference',
      tapWidth: 0,
      taps: new Float32Array(0),
      target: {
        kind: 'full',
        vocabSize: 11,
        logProbs: new Float32Array(tokens.length * 11).fill(-3),
      },
    }));
    const batch = lmRecordBatch(records, { batch: 2, seq: 6, vocabSize: 11 }, 0);

    const loss = await graphLoss({ ...shape, loss: 'distribution' }, batch.feeds);

    expect(batch.rows).toBe(12);
    expect(loss).toBeCloseTo(referenceLoss(sequences), 5);
  });

  it.each(['labels', 'distribution'] as const)(
    'the whole %s loss (2 layers, GQA; tied head for labels, untied for distributions) matches float64 finite differences',
    async (loss) => {
      const tiny: LmShape = {
        config: { ...tinyLmConfig, tiedEmbeddings: loss === 'labels' },
        batch: 2,
        seq: 4,
        loss,
      };
      const feeds: Record<string, CheckFeed> = {};
      Object.entries(lmParameterDims(tiny.config)).forEach(([name, dims], index) => {
        feeds[name] =
          dims.length === 1 ? feed(dims, 10 + index, 1, 0.3) : feed(dims, 10 + index, 0, 0.6);
      });
      const documents = packDocuments(tinyDocuments(4, 3), 4);
      const tokens = lmTokenBatch(documents, [0, 1], 2).feeds;
      for (const [name, tensor] of Object.entries(tokens)) {
        feeds[name] = {
          dims: tensor.dims,
          values: Array.from(tensor.data as BigInt64Array, Number),
          dtype: 'int64',
        };
      }
      if (loss === 'distribution') {
        const V = tiny.config.vocabSize;
        const probs = feed([8, V], 3, 1, 0.5).values.map(Math.abs);
        feeds['lm.target_probs'] = { dims: [8, V], values: probs };
        feeds['lm.row_weights'] = {
          dims: [8],
          values: Array.from({ length: 8 }, (_, i) => (i % 3 === 0 ? 0 : 1 / 5)),
        };
        delete feeds['lm.labels'];
      }

      const error = await gradientCheck({
        label: `LM training loss (${loss})`,
        build: (g) => {
          const forward = buildLmGraph(tiny)(g);
          return { output: forward.loss, wrt: forward.params };
        },
        feeds,
      });

      expect(error).toBeLessThan(tolerance.float64);
    },
  );
});
