import { ConfuError } from '@confu/errors';
import type { RecordedNode } from '../graph/recorded-graph.js';
import type { RecordingGraph } from '../graph/recording-graph.js';
import { isFloatType, staticDims } from '../graph/tensor-info.js';
import { createGradientContext } from './gradient-context.js';
import { gradientRules } from './rules/index.js';

/** Options of {@link differentiate}. */
export interface DifferentiateOptions {
  /** The tensor to differentiate, usually a scalar loss. */
  readonly loss: string;
  /** Tensors to take gradients with respect to: inputs, initializers or intermediates. */
  readonly wrt: readonly string[];
  /** The upstream gradient of `loss` (same shape). Default: ones. */
  readonly lossGradient?: string;
}

/** Tensors that depend on `wrt` through float edges of differentiable ops. */
function dependents(
  g: RecordingGraph,
  nodes: readonly RecordedNode[],
  wrt: readonly string[],
): Set<string> {
  const reached = new Set(wrt);
  for (const node of nodes) {
    if (!node.inputs.some((input) => reached.has(input))) continue;
    for (const output of node.outputs) {
      const info = g.info(output);
      if (output !== '' && (!info || isFloatType(info.dtype))) reached.add(output);
    }
  }
  return reached;
}

/** Tensors that `loss` depends on. */
function ancestors(nodes: readonly RecordedNode[], loss: string): Set<string> {
  const reached = new Set([loss]);
  for (let index = nodes.length - 1; index >= 0; index--) {
    const node = nodes[index] as RecordedNode;
    if (node.outputs.some((output) => reached.has(output))) {
      for (const input of node.inputs) if (input !== '') reached.add(input);
    }
  }
  return reached;
}

/**
 * Reverse-mode automatic differentiation on a recorded graph: appends the backward nodes to `g`
 * (one rule per op, see `gradientRules`) and returns the gradient tensor names in `wrt` order.
 * A tensor that `loss` does not depend on gets zeros. Gradients reaching a tensor from several
 * uses are summed with one `Sum` node.
 * @throws ConfuError `UNSUPPORTED` for an op without a gradient rule on the path from `wrt` to
 * `loss`, or a shape the rule cannot handle; `INVALID_ARGUMENT` for an unknown name.
 */
export function differentiate(g: RecordingGraph, options: DifferentiateOptions): string[] {
  const nodes = [...g.nodes];
  for (const name of [options.loss, ...options.wrt]) {
    if (!g.info(name) && !nodes.some((node) => node.outputs.includes(name))) {
      throw new ConfuError('INVALID_ARGUMENT', `differentiate: unknown tensor \`${name}\``);
    }
  }
  const context = createGradientContext(g);
  const live = dependents(g, nodes, options.wrt);
  const needed = ancestors(nodes, options.loss);
  const pending = new Map<string, string[]>();
  const gradientOf = (name: string): string | undefined => {
    const parts = pending.get(name);
    if (!parts || parts.length === 0) return undefined;
    if (parts.length > 1) pending.set(name, [g.op('Sum', parts)]);
    return pending.get(name)?.[0];
  };
  if (live.has(options.loss)) {
    const lossDims = staticDims(g.info(options.loss)?.dims ?? [null]);
    // A constant seed when the loss shape is known keeps every backward shape inferable.
    const seed =
      options.lossGradient ??
      (lossDims?.length === 0
        ? g.scalar(1)
        : lossDims
          ? g.addInitializer(
              `${options.loss}_gradient_seed`,
              'float32',
              lossDims,
              new Float32Array(lossDims.reduce((a, b) => a * b, 1)).fill(1),
            )
          : g.op('Expand', [g.scalar(1), g.op('Shape', [options.loss])]));
    pending.set(options.loss, [seed]);
  }
  for (let index = nodes.length - 1; index >= 0; index--) {
    const node = nodes[index] as RecordedNode;
    const needs = node.inputs.map((input) => input !== '' && live.has(input) && needed.has(input));
    if (!needs.some(Boolean)) continue;
    const outputGradients = node.outputs.map((output) =>
      output === '' ? undefined : gradientOf(output),
    );
    if (outputGradients.every((grad) => grad === undefined)) continue;
    const rule = node.domain === '' ? gradientRules[node.opType] : undefined;
    if (!rule) {
      throw new ConfuError(
        'UNSUPPORTED',
        `no gradient rule for op \`${node.domain ? `${node.domain}.` : ''}${node.opType}\` (node \`${node.name}\`)`,
      );
    }
    const inputGradients = rule(context, node, outputGradients, needs);
    node.inputs.forEach((input, position) => {
      const grad = inputGradients[position];
      if (needs[position] && grad !== undefined)
        pending.set(input, [...(pending.get(input) ?? []), grad]);
    });
  }
  return options.wrt.map((name) => gradientOf(name) ?? context.zerosLike(name));
}
