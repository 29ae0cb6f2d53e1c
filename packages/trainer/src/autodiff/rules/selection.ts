import { ConfuError } from '@confu/errors';
import { onlyGradient } from '../gradient-rule.js';
import type { GradientRule } from '../gradient-rule.js';

// y = cond ? a : b — the gradient is routed to the branch that was taken.
const where: GradientRule = (context, node, grads, needs) => {
  const { g } = context;
  const dy = onlyGradient(grads);
  const [cond, a, b] = node.inputs as [string, string, string];
  const y = node.outputs[0] as string;
  const zero = g.scalar(0);
  return [
    undefined,
    needs[1] ? context.reduceTo(g.op('Where', [cond, dy, zero]), y, a) : undefined,
    needs[2] ? context.reduceTo(g.op('Where', [cond, zero, dy]), y, b) : undefined,
  ];
};

/** Max / Min of two inputs: the gradient goes to the selected one (to `a` on ties). */
const extremum =
  (comparison: 'GreaterOrEqual' | 'LessOrEqual'): GradientRule =>
  (context, node, grads, needs) => {
    const { g } = context;
    if (node.inputs.length !== 2) {
      throw new ConfuError(
        'UNSUPPORTED',
        `node \`${node.name}\`: ${node.opType} gradients need exactly two inputs`,
      );
    }
    const dy = onlyGradient(grads);
    const [a, b] = node.inputs as [string, string];
    const y = node.outputs[0] as string;
    const pickA = g.op(comparison, [a, b]);
    const zero = g.scalar(0);
    return [
      needs[0] ? context.reduceTo(g.op('Where', [pickA, dy, zero]), y, a) : undefined,
      needs[1] ? context.reduceTo(g.op('Where', [pickA, zero, dy]), y, b) : undefined,
    ];
  };

// Trilu keeps a triangle: its gradient keeps the same triangle of dy.
const trilu: GradientRule = ({ g }, node, grads) => [
  g.op('Trilu', [onlyGradient(grads), ...node.inputs.slice(1)], node.attributes),
];

/** Rules of masking and selection: Where, Max, Min, Trilu. */
export const selectionRules: Readonly<Record<string, GradientRule>> = {
  Where: where,
  Max: extremum('GreaterOrEqual'),
  Min: extremum('LessOrEqual'),
  Trilu: trilu,
};
