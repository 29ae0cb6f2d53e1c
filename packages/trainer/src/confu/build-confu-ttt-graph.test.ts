import { describe, expect, it } from 'vitest';
import { feed, gradientCheck, tolerance } from '../autodiff/__fixtures__/gradient-check.js';
import type { CheckFeed } from '../autodiff/__fixtures__/gradient-check.js';
import { targetToDraftIds } from '../eagle3/eagle3-batch.js';
import { syntheticRecords, tinyDraftIds } from '../eagle3/__fixtures__/tiny-eagle3.js';
import { createSeededRandom } from '@confu/sampler';
import { confuBatchFeeds } from './confu-batch.js';
import { allConfuParameterDims } from './confu-parameters.js';
import { buildConfuTttGraph } from './build-confu-ttt-graph.js';
import { tinyConfuShape, tinyTarget } from './__fixtures__/tiny-confu.js';
import type { ConfuHeadConfig } from '@confu/checkpoint';

function checkFeeds(confu: ConfuHeadConfig): Record<string, CheckFeed> {
  const shape = tinyConfuShape(confu);
  const { hiddenSize: h, vocabSize: V } = shape.head;
  const records = syntheticRecords(2, 7, { hidden: h, vocab: V });
  const batch = confuBatchFeeds(records, shape, targetToDraftIds(tinyDraftIds, V), {
    replication: 2,
    random: createSeededRandom(4),
  });
  expect(batch.covered).toBeGreaterThan(0);
  const feeds: Record<string, CheckFeed> = {};
  Object.entries(allConfuParameterDims(shape.head)).forEach(([name, dims], index) => {
    feeds[name] =
      dims.length === 1 ? feed(dims, 10 + index, 1, 0.3) : feed(dims, 10 + index, 0, 0.8);
  });
  feeds['embed_tokens'] = { dims: [V, h], values: Array.from(tinyTarget.embedding) };
  for (const [name, tensor] of Object.entries(batch.feeds)) {
    feeds[name] =
      tensor.dtype === 'int64'
        ? {
            dims: tensor.dims,
            values: Array.from(tensor.data as BigInt64Array, Number),
            dtype: 'int64',
          }
        : { dims: tensor.dims, values: Array.from(tensor.data as Float32Array) };
  }
  return feeds;
}

describe('buildConfuTttGraph', () => {
  it.each([
    ['moe (3 experts, top 2)', { mode: 'moe', softPromptLength: 2, numExperts: 3, topK: 2 }],
    ['static', { mode: 'static', softPromptLength: 2 }],
  ] as const)(
    'the whole ConFu loss (%s: frozen target, soft prompt, [f] slots, 2 TTT steps) matches float64 finite differences',
    async (label, confu) => {
      const error = await gradientCheck({
        label: `ConFu training loss (${label})`,
        build: (g) => {
          const { loss, params } = buildConfuTttGraph(tinyConfuShape(confu), tinyTarget)(g);
          return { output: loss, wrt: params };
        },
        feeds: checkFeeds(confu),
      });
      expect(error).toBeLessThan(tolerance.float64);
    },
  );
});
