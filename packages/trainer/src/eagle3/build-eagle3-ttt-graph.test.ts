import { describe, expect, it } from 'vitest';
import { feed, gradientCheck, tolerance } from '../autodiff/__fixtures__/gradient-check.js';
import type { CheckFeed } from '../autodiff/__fixtures__/gradient-check.js';
import { buildEagle3TttGraph } from './build-eagle3-ttt-graph.js';
import { eagle3BatchFeeds, targetToDraftIds } from './eagle3-batch.js';
import { eagle3ParameterDims } from './eagle3-parameters.js';
import { eagle3TttInputs as inputs } from './eagle3-ttt-shape.js';
import type { Eagle3TttShape } from './eagle3-ttt-shape.js';
import { syntheticRecords, tinyDraftIds, tinyHeadConfig } from './__fixtures__/tiny-eagle3.js';

describe('buildEagle3TttGraph', () => {
  it('the whole 3-step training-time-test loss matches float64 finite differences', async () => {
    const shape: Eagle3TttShape = {
      head: tinyHeadConfig,
      batch: 2,
      seq: 3,
      tttSteps: 3,
      stepDecay: 0.8,
    };
    const { hiddenSize: h, vocabSize: V } = tinyHeadConfig;
    const records = syntheticRecords(2, 6, { hidden: h, vocab: V }).map((record, index) =>
      index === 1
        ? { ...record, tokens: record.tokens.slice(0, 4), taps: record.taps.slice(0, 4 * 3 * h) }
        : record,
    );
    const batch = eagle3BatchFeeds(records, shape, targetToDraftIds(tinyDraftIds, V));
    const dims = eagle3ParameterDims(tinyHeadConfig);
    const feeds: Record<string, CheckFeed> = {};
    Object.entries(dims).forEach(([name, d], index) => {
      feeds[name] = d.length === 1 ? feed(d, 10 + index, 1, 0.3) : feed(d, 10 + index, 0, 0.8);
    });
    feeds[inputs.embedding] = feed([V, h], 3);
    for (const name of [inputs.taps, inputs.targetProbs, inputs.stepWeights]) {
      const tensor = batch.feeds[name];
      feeds[name] = {
        dims: tensor?.dims as number[],
        values: Array.from(tensor?.data as Float32Array),
      };
    }
    const ids = batch.feeds[inputs.inputIds];
    feeds[inputs.inputIds] = {
      dims: ids?.dims as number[],
      values: Array.from(ids?.data as BigInt64Array, Number),
      dtype: 'int64',
    };
    expect(batch.positions.every((count) => count > 0)).toBe(true);

    const error = await gradientCheck({
      label: 'EAGLE-3 TTT loss (3 steps, GQA, diagonal attention, masked soft CE)',
      build: (g) => {
        const { loss, params } = buildEagle3TttGraph(shape)(g);
        return { output: loss, wrt: params };
      },
      feeds,
    });
    expect(error).toBeLessThan(tolerance.float64);
  });
});
