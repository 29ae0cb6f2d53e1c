import { ConfuError } from '@confu/errors';
import { float } from '@confu/onnx';
import { floatAttribute, intAttribute } from '../../graph/node-attributes.js';
import type { RecordedNode } from '../../graph/recorded-graph.js';
import type { InferredDim } from '../../graph/tensor-info.js';
import { onlyGradient } from '../gradient-rule.js';
import type { GradientContext, GradientRule } from '../gradient-rule.js';

/** Swaps the last two axes of a rank-`rank` tensor. */
function swapLast(context: GradientContext, x: string, rank: number): string {
  const perm = Array.from({ length: rank }, (_, axis) => axis);
  perm.splice(rank - 2, 2, rank - 1, rank - 2);
  return context.g.op('Transpose', [x], { perm });
}

/**
 * A 2-D weight `b` under a batched `a`: both gradients become single Gemms over the flattened
 * rows, avoiding a batched product and a broadcast reduction.
 */
function weightGradients(
  context: GradientContext,
  node: RecordedNode,
  dy: string,
  needs: readonly boolean[],
): (string | undefined)[] {
  const { g } = context;
  const [a, b] = node.inputs as [string, string];
  const [k, n] = context.info(b).dims as [InferredDim, InferredDim];
  const flat = (x: string, width: InferredDim): string =>
    context.rank(x) === 2 || typeof width !== 'number'
      ? x
      : g.op('Reshape', [x, g.int64s([-1, width])]);
  const rows = flat(dy, n);
  const dA = needs[0] ? g.op('Gemm', [rows, b], { transB: 1 }) : undefined;
  return [
    dA && (context.rank(a) === 2 ? dA : g.op('Reshape', [dA, context.shapeOf(a)])),
    needs[1] ? g.op('Gemm', [flat(a, k), rows], { transA: 1 }) : undefined,
  ];
}

// Y = A·B over broadcast batch dims: dA = dY·Bᵀ, dB = Aᵀ·dY, each summed to its operand's batch shape.
const matMul: GradientRule = (context, node, grads, needs) => {
  const { g } = context;
  const dy = onlyGradient(grads);
  const [a, b] = node.inputs as [string, string];
  const y = node.outputs[0] as string;
  const [rankA, rankB] = [context.rank(a), context.rank(b)];
  if (rankA < 2 || rankB < 2) {
    throw new ConfuError(
      'UNSUPPORTED',
      `node \`${node.name}\`: MatMul gradients need operands of rank ≥ 2`,
    );
  }
  const flatOk =
    rankB === 2 &&
    typeof context.info(b).dims[1] === 'number' &&
    typeof context.info(a).dims[rankA - 1] === 'number';
  if (flatOk) return weightGradients(context, node, dy, needs);
  const batch = context.info(y).dims.slice(0, -2);
  const lastTwo = (x: string): InferredDim[] => context.info(x).dims.slice(-2);
  return [
    needs[0]
      ? context.reduceTo(
          g.op('MatMul', [dy, swapLast(context, b, rankB)]),
          [...batch, ...lastTwo(a)],
          a,
        )
      : undefined,
    needs[1]
      ? context.reduceTo(
          g.op('MatMul', [swapLast(context, a, rankA), dy]),
          [...batch, ...lastTwo(b)],
          b,
        )
      : undefined,
  ];
};

// Y = α·op(A)·op(B) + β·C, with op = transpose where transA / transB is set.
const gemm: GradientRule = (context, node, grads, needs) => {
  const { g } = context;
  const dy = onlyGradient(grads);
  const [a, b, c] = node.inputs as [string, string, string | undefined];
  const transA = intAttribute(node, 'transA', 0);
  const transB = intAttribute(node, 'transB', 0);
  const alpha = floatAttribute(node, 'alpha', 1);
  const beta = floatAttribute(node, 'beta', 1);
  const scale = alpha === 1 ? {} : { alpha: float(alpha) };
  const dA = (): string =>
    transA
      ? g.op('Gemm', [b, dy], { transA: transB, transB: 1, ...scale })
      : g.op('Gemm', [dy, b], { transB: 1 - transB, ...scale });
  const dB = (): string =>
    transB
      ? g.op('Gemm', [dy, a], { transA: 1, transB: transA, ...scale })
      : g.op('Gemm', [a, dy], { transA: 1 - transA, ...scale });
  let dC: string | undefined;
  if (needs[2] && c) {
    const summed = context.reduceTo(dy, node.outputs[0] as string, c);
    dC = beta === 1 ? summed : g.op('Mul', [summed, g.scalar(beta)]);
  }
  return [needs[0] ? dA() : undefined, needs[1] ? dB() : undefined, dC];
};

/** Rules of MatMul (batch broadcasting, 2-D weight fast path) and Gemm (transA/transB/α/β/C). */
export const matMulRules: Readonly<Record<string, GradientRule>> = {
  MatMul: matMul,
  Gemm: gemm,
};
