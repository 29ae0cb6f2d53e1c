import type { RecordedNode } from '../recorded-graph.js';
import type { TensorInfo } from '../tensor-info.js';
import { elementwiseInference } from './infer-elementwise.js';
import { linearAlgebraInference } from './infer-linear-algebra.js';
import { movementInference } from './infer-movement.js';
import { reductionInference } from './infer-reduction.js';
import { reshapeInference } from './infer-reshape.js';
import { shapeOpInference } from './infer-shape-ops.js';
import type { InferenceRule } from './inference-rule.js';

const rules: Readonly<Record<string, InferenceRule>> = {
  ...elementwiseInference,
  ...linearAlgebraInference,
  ...reductionInference,
  ...reshapeInference,
  ...movementInference,
  ...shapeOpInference,
};

/**
 * Infers the output infos of `node` (default-domain ops only). Unknown ops, missing input info
 * or non-constant shape inputs give `undefined` entries; it never throws, so recording never
 * fails on an op the trainer does not know.
 */
export function inferNode(
  node: RecordedNode,
  info: (name: string) => TensorInfo | undefined,
  ints: (name: string) => number[] | undefined,
): readonly (TensorInfo | undefined)[] {
  const rule = node.domain === '' ? rules[node.opType] : undefined;
  if (!rule) return [];
  const named = (index: number): string | undefined => {
    const name = node.inputs[index];
    return name === undefined || name === '' ? undefined : name;
  };
  try {
    return rule({
      node,
      input: (index) => {
        const name = named(index);
        return name === undefined ? undefined : info(name);
      },
      ints: (index) => {
        const name = named(index);
        return name === undefined ? undefined : ints(name);
      },
    });
  } catch {
    // Malformed attributes are reported by onnxruntime when the graph loads.
    return [];
  }
}
