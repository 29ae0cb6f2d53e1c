import { referenceDraftHeadForward } from '@confu/model-builder/testing';
import { vocabMappingFromTargetIds } from '@confu/checkpoint';
import { createTensor } from '@confu/runtime';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@confu/sampler';
import { createTrainer } from '../trainer.js';
import { buildEagle3TttGraph } from './build-eagle3-ttt-graph.js';
import { eagle3BatchFeeds, targetToDraftIds } from './eagle3-batch.js';
import { eagle3HeadFromParameters, initialEagle3Parameters } from './eagle3-parameters.js';
import { eagle3TttInputs as inputs } from './eagle3-ttt-shape.js';
import type { Eagle3TttShape } from './eagle3-ttt-shape.js';
import { syntheticRecords, tinyDraftIds, tinyHeadConfig } from './__fixtures__/tiny-eagle3.js';

/**
 * The TTT graph against the inference-time head (model-builder's float64 reference forward):
 * step 0 is a causal catch-up pass; step s at row i is one tree-expansion pass on the previous
 * step's output, at position i + s, seeing step-0 keys 0 … i and its own keys of steps 1 … s−1.
 */
describe('EAGLE-3 TTT graph vs the inference-time head', () => {
  it('gives the loss the reference head forward gives', async () => {
    const shape: Eagle3TttShape = {
      head: tinyHeadConfig,
      batch: 2,
      seq: 5,
      tttSteps: 3,
      stepDecay: 0.8,
    };
    const { hiddenSize: h, vocabSize: V, draftVocabSize: Vd } = tinyHeadConfig;
    const records = syntheticRecords(2, 7, { hidden: h, vocab: V });
    const random = createSeededRandom(3);
    const params = initialEagle3Parameters(tinyHeadConfig, random);
    for (const name of ['midlayer.hidden_norm.weight', 'norm.weight'] as const) {
      params[name] = params[name].map(() => 0.5 + random.next());
    }
    const embedding = Float32Array.from({ length: V * h }, () => random.normal());
    const batch = eagle3BatchFeeds(records, shape, targetToDraftIds(tinyDraftIds, V));
    const trainer = await createTrainer({
      runtime: createOnnxNodeRuntime(),
      buildForward: buildEagle3TttGraph(shape),
      initialParams: params,
      schedule: 0,
    });
    const graphLoss = await trainer.evaluate({
      ...batch.feeds,
      [inputs.embedding]: createTensor('float32', embedding, [V, h]),
    });
    await trainer.dispose();

    const head = eagle3HeadFromParameters(
      tinyHeadConfig,
      params,
      vocabMappingFromTargetIds([...tinyDraftIds], V),
    );
    const { seq: S, tttSteps: T } = shape;
    const columns = S + T - 1;
    const ids = batch.feeds[inputs.inputIds]?.data as BigInt64Array;
    const probs = batch.feeds[inputs.targetProbs]?.data as Float32Array;
    const weights = batch.feeds[inputs.stepWeights]?.data as Float32Array;
    const kvWidth = tinyHeadConfig.numKvHeads * tinyHeadConfig.headDim;
    let expected = 0;
    records.forEach((record, b) => {
      const token = (c: number): number => Number(ids[b * columns + c]);
      const first = referenceDraftHeadForward(head, embedding, {
        tokens: Array.from({ length: S }, (_, i) => token(i)),
        taps: record.taps.slice(0, S * 3 * h),
        positions: Array.from({ length: S }, (_, i) => i),
        mask: Array.from({ length: S }, (_, i) => Array.from({ length: S }, (_, j) => j <= i)),
      });
      const addLoss = (step: number, row: number, logits: Float32Array): void => {
        const max = Math.max(...logits);
        const logSum = Math.log(logits.reduce((sum, x) => sum + Math.exp(x - max), 0)) + max;
        const target = probs.subarray(
          (b * columns + row + step) * Vd,
          (b * columns + row + step + 1) * Vd,
        );
        const crossEntropy = -logits.reduce(
          (sum, x, v) => sum + (target[v] as number) * (x - logSum),
          0,
        );
        expected += (weights[(step * shape.batch + b) * S + row] as number) * crossEntropy;
      };
      for (let i = 0; i < S; i++) {
        addLoss(0, i, first.logits.slice(i * Vd, (i + 1) * Vd));
        let feature = first.hiddenOut.slice(i * h, (i + 1) * h);
        const keys = [...first.newKeys.slice(0, (i + 1) * kvWidth)];
        const vals = [...first.newValues.slice(0, (i + 1) * kvWidth)];
        for (let step = 1; step < T; step++) {
          const past = keys.length / kvWidth;
          const out = referenceDraftHeadForward(head, embedding, {
            tokens: [token(i + step)],
            hidden: feature,
            positions: [i + step],
            mask: [Array.from({ length: past + 1 }, () => true)],
            past: { keys: Float32Array.from(keys), values: Float32Array.from(vals) },
          });
          addLoss(step, i, out.logits);
          keys.push(...out.newKeys);
          vals.push(...out.newValues);
          feature = out.hiddenOut;
        }
      }
    });
    expect(graphLoss).toBeCloseTo(expected, 4);
  });
});
