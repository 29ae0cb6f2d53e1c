import { intAttribute, normalizeAxis } from '../../graph/node-attributes.js';
import { staticDims } from '../../graph/tensor-info.js';
import { onlyGradient } from '../gradient-rule.js';
import type { GradientContext, GradientRule } from '../gradient-rule.js';

/** Zeros shaped like `data` with its axes permuted by `perm`. */
function permutedZeros(context: GradientContext, data: string, perm: readonly number[]): string {
  const { g } = context;
  const dims = staticDims(context.info(data).dims);
  const shape = dims
    ? g.int64s(perm.map((axis) => dims[axis] as number))
    : g.op('Gather', [g.op('Shape', [data]), g.int64s(perm)]);
  return g.op('Expand', [g.scalar(0), shape]);
}

/**
 * Gather (embedding lookup): rows of dy are scatter-added into zeros at the gathered indices
 * with ScatterND(reduction = add), which ORT runs on CPU and GPU; repeated indices accumulate.
 * Other axes are moved to the front around the scatter.
 */
const gather: GradientRule = (context, node, grads, needs) => {
  if (!needs[0]) return [];
  const { g } = context;
  const [data, indices] = node.inputs as [string, string];
  const rank = context.rank(data);
  const indexRank = context.rank(indices);
  const axis = normalizeAxis(intAttribute(node, 'axis', 0), rank);
  const dy = onlyGradient(grads);
  const where = g.op('Unsqueeze', [indices, g.int64s([-1])]);
  if (axis === 0) {
    return [g.op('ScatterND', [context.zerosLike(data), where, dy], { reduction: 'add' })];
  }
  const range = (from: number, to: number): number[] =>
    Array.from({ length: to - from }, (_, i) => from + i);
  const front = [axis, ...range(0, axis), ...range(axis + 1, rank)];
  const dyPerm = [
    ...range(axis, axis + indexRank),
    ...range(0, axis),
    ...range(axis + indexRank, rank - 1 + indexRank),
  ];
  const updates = g.op('Transpose', [dy], { perm: dyPerm });
  const scattered = g.op('ScatterND', [permutedZeros(context, data, front), where, updates], {
    reduction: 'add',
  });
  return [g.op('Transpose', [scattered], { perm: range(0, rank).map((a) => front.indexOf(a)) })];
};

// GatherElements: scatter-add dy back along the same axis.
const gatherElements: GradientRule = (context, node, grads, needs) => {
  if (!needs[0]) return [];
  const [data, indices] = node.inputs as [string, string];
  const axis = intAttribute(node, 'axis', 0);
  return [
    context.g.op('ScatterElements', [context.zerosLike(data), indices, onlyGradient(grads)], {
      axis,
      reduction: 'add',
    }),
  ];
};

/** Rules of Gather (any axis) and GatherElements; indices get no gradient. */
export const gatherRules: Readonly<Record<string, GradientRule>> = {
  Gather: gather,
  GatherElements: gatherElements,
};
