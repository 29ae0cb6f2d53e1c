import { describe, expect, it } from 'vitest';
import { feed, gradientCheck, tolerance } from '../__fixtures__/gradient-check.js';

const ids = (dims: number[], values: number[]) => ({ dims, values, dtype: 'int64' as const });

describe('Gather gradient rules', () => {
  it('Gather axis 0 (embedding) with repeated indices accumulates', async () => {
    const error = await gradientCheck({
      label: 'Gather (axis 0, repeated ids)',
      build: (g) => {
        const table = g.addInput('table', 'float32', [5, 3]);
        const indices = g.addInput('ids', 'int64', [2, 3]);
        return { output: g.op('Gather', [table, indices]), wrt: [table] };
      },
      feeds: { table: feed([5, 3], 1), ids: ids([2, 3], [1, 4, 1, 0, 1, 3]) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('Gather axis 1 with 2-D indices', async () => {
    const error = await gradientCheck({
      label: 'Gather (axis 1)',
      build: (g) => {
        const data = g.addInput('data', 'float32', [2, 4, 3]);
        const indices = g.addInput('ids', 'int64', [2, 2]);
        return { output: g.op('Gather', [data, indices], { axis: 1 }), wrt: [data] };
      },
      feeds: { data: feed([2, 4, 3], 2), ids: ids([2, 2], [3, 0, 3, 1]) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('GatherElements along axis 1 with repeats', async () => {
    const error = await gradientCheck({
      label: 'GatherElements (axis 1)',
      build: (g) => {
        const data = g.addInput('data', 'float32', [2, 4]);
        const indices = g.addInput('ids', 'int64', [2, 3]);
        return { output: g.op('GatherElements', [data, indices], { axis: 1 }), wrt: [data] };
      },
      feeds: { data: feed([2, 4], 3), ids: ids([2, 3], [0, 3, 3, 1, 1, 2]) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });
});
