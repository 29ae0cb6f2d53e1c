import { ConfuError } from '@confu/errors';
import { sliceBounds, sliceSpec } from '../../graph/slice-bounds.js';
import { onlyGradient } from '../gradient-rule.js';
import type { GradientRule } from '../gradient-rule.js';

// An `ends` at least this large means "to the end" whatever the dim (INT64_MAX idioms).
const toTheEnd = 2 ** 31 - 1;

// Slice with unit steps: pad dy with zeros back to x's extent on each sliced axis.
const slice: GradientRule = (context, node, grads) => {
  const x = node.inputs[0] as string;
  const { dims } = context.info(x);
  const values = node.inputs.slice(1).map((name) => (name ? context.ints(name) : undefined));
  const spec = sliceSpec(
    dims.length,
    values,
    node.inputs.slice(1).map((name) => name !== ''),
  );
  const fail = (why: string): never => {
    throw new ConfuError('UNSUPPORTED', `node \`${node.name}\`: Slice gradient needs ${why}`);
  };
  if (!spec) fail('constant starts, ends, axes and steps');
  const pads = Array<number>(2 * dims.length).fill(0);
  spec?.axes.forEach((axis, index) => {
    if ((spec.steps[index] ?? 1) !== 1) fail('unit steps');
    const start = spec.starts[index] ?? 0;
    const end = spec.ends[index] ?? toTheEnd;
    const dim = dims[axis];
    if (typeof dim === 'number') {
      const [begin, stop] = sliceBounds(dim, start, end);
      pads[axis] = begin;
      pads[axis + dims.length] = dim - stop;
    } else if (start >= 0 && end >= toTheEnd) {
      pads[axis] = start;
    } else {
      fail(`a static size on axis ${axis}, or a non-negative start sliced to the end`);
    }
  });
  return [context.g.op('Pad', [onlyGradient(grads), context.g.int64s(pads)])];
};

/** Rule of Slice (unit steps). */
export const sliceRules: Readonly<Record<string, GradientRule>> = { Slice: slice };
