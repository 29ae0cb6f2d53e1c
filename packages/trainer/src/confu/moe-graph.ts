import { graphOps } from '@confu/onnx';
import type { RecordingGraph } from '../graph/recording-graph.js';

const { linear } = graphOps;

/**
 * ConFu's MoE embedding in graph ops, the graph twin of model-builder's `moeEmbedding`
 * (confu-spec.md §7.5, §8 row 6): router scores `[R, nE]`, the top `topK` kept, softmax over them
 * (= gates renormalised over the selected), mixed experts `[R, h]`.
 * The top-K threshold comes from repeated ReduceMax; the selection is a comparison, so gradients
 * flow only through the kept scores (as in any top-K MoE).
 */
export function moeGraph(
  g: RecordingGraph,
  { router, experts, input }: { router: string; experts: string; input: string },
  { numExperts, topK }: { numExperts: number; topK: number },
): string {
  const scores = linear(g, input, router);
  let gated = scores;
  if (topK < numExperts) {
    const axis = g.int64s([-1]);
    let threshold = g.op('ReduceMax', [scores, axis], { keepdims: 1 });
    for (let rank = 1; rank < topK; rank++) {
      const rest = g.op('Where', [
        g.op('GreaterOrEqual', [scores, threshold]),
        g.scalar(-1e30),
        scores,
      ]);
      threshold = g.op('ReduceMax', [rest, axis], { keepdims: 1 });
    }
    gated = g.op('Where', [g.op('GreaterOrEqual', [scores, threshold]), scores, g.scalar(-1e9)]);
  }
  return g.op('MatMul', [g.op('Softmax', [gated], { axis: -1 }), experts]);
}
