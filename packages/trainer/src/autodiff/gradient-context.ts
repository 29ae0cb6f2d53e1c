import { ConfuError } from '@confu/errors';
import type { RecordingGraph } from '../graph/recording-graph.js';
import { staticDims } from '../graph/tensor-info.js';
import type { TensorInfo } from '../graph/tensor-info.js';
import type { GradientContext } from './gradient-rule.js';

/** Creates the {@link GradientContext} over graph `g`. */
export function createGradientContext(g: RecordingGraph): GradientContext {
  const info = (name: string): TensorInfo => {
    const known = g.info(name);
    if (!known) {
      throw new ConfuError(
        'UNSUPPORTED',
        `the shape of tensor \`${name}\` cannot be inferred, so its gradient cannot be built; give its inputs static ranks and constant shape arguments`,
      );
    }
    return known;
  };
  const shapeOf = (target: string): string => {
    const dims = staticDims(info(target).dims);
    return dims ? g.int64s(dims) : g.op('Shape', [target]);
  };
  return {
    g,
    info,
    ints: (name) => g.constantInts(name),
    rank: (name) => info(name).dims.length,
    shapeOf,
    zerosLike: (target) => g.op('Expand', [g.scalar(0), shapeOf(target)]),
    reduceTo(grad, source, target) {
      const from = typeof source === 'string' ? info(source).dims : source;
      const to = info(target).dims;
      const lead = from.length - to.length;
      if (lead < 0) {
        throw new ConfuError(
          'UNSUPPORTED',
          `a gradient of rank ${from.length} cannot be reduced to \`${target}\` of higher rank`,
        );
      }
      // Only literal 1s count as broadcast axes: symbolic or unknown dims are taken as equal.
      const axes = Array.from({ length: lead }, (_, axis) => axis);
      to.forEach((dim, axis) => {
        if (dim === 1 && from[lead + axis] !== 1) axes.push(lead + axis);
      });
      if (axes.length === 0) return grad;
      const summed = g.op('ReduceSum', [grad, g.int64s(axes)], { keepdims: 1 });
      return g.op('Reshape', [summed, shapeOf(target)]);
    },
  };
}
