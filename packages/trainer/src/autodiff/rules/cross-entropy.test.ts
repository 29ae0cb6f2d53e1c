import { describe, expect, it } from 'vitest';
import { feed, gradientCheck, tolerance } from '../__fixtures__/gradient-check.js';

const labels = (values: number[], dims = [values.length]) => ({
  dims,
  values,
  dtype: 'int64' as const,
});

describe('cross-entropy gradient rule', () => {
  it.each([
    { reduction: 'mean' },
    { reduction: 'sum' },
    { reduction: 'none' },
    { reduction: 'mean', ignore_index: 2 },
  ])('SoftmaxCrossEntropyLoss %o', async (attributes) => {
    const error = await gradientCheck({
      label: `SoftmaxCrossEntropyLoss (${Object.entries(attributes)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
      build: (g) => {
        const scores = g.addInput('scores', 'float32', [4, 5]);
        const target = g.addInput('labels', 'int64', [4]);
        const [loss] = g.node('SoftmaxCrossEntropyLoss', [scores, target], {
          attributes,
          outputs: 1,
        });
        return { output: loss as string, wrt: [scores] };
      },
      feeds: { scores: feed([4, 5], 1, 0, 3), labels: labels([1, 2, 4, 0]) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('SoftmaxCrossEntropyLoss on [N, C, d] scores with the log_prob output also used', async () => {
    const error = await gradientCheck({
      label: 'SoftmaxCrossEntropyLoss ([N,C,d], log_prob used)',
      build: (g) => {
        const scores = g.addInput('scores', 'float32', [2, 4, 3]);
        const target = g.addInput('labels', 'int64', [2, 3]);
        const [loss, logProb] = g.node('SoftmaxCrossEntropyLoss', [scores, target], {
          outputs: 2,
        }) as [string, string];
        const mixed = g.op('Add', [logProb, g.op('Mul', [loss, g.scalar(3)])]);
        return { output: mixed, wrt: [scores] };
      },
      feeds: { scores: feed([2, 4, 3], 2, 0, 2), labels: labels([0, 3, 1, 2, 2, 0], [2, 3]) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });

  it('cross-entropy spelled out: LogSoftmax, GatherElements, Neg, ReduceMean', async () => {
    const error = await gradientCheck({
      label: 'cross-entropy from LogSoftmax + GatherElements',
      build: (g) => {
        const scores = g.addInput('scores', 'float32', [3, 5]);
        const target = g.addInput('labels', 'int64', [3, 1]);
        const picked = g.op(
          'GatherElements',
          [g.op('LogSoftmax', [scores], { axis: -1 }), target],
          { axis: 1 },
        );
        return {
          output: g.op('ReduceMean', [g.op('Neg', [picked])], { keepdims: 0 }),
          wrt: [scores],
        };
      },
      feeds: { scores: feed([3, 5], 3, 0, 2), labels: labels([4, 0, 2], [3, 1]) },
    });
    expect(error).toBeLessThan(tolerance.float64);
  });
});
