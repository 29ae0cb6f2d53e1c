import { float, graphOps } from '@confu/onnx';
import type { GraphBuilder } from '@confu/onnx';

const { reduceMean } = graphOps;

/**
 * RMSNorm over the last axis: `x / sqrt(mean(x²) + eps) · scale`. `'onnx'` uses the opset-23
 * `RMSNormalization` op; `'plain'` spells it out (ORT does not fuse the plain form).
 */
export function graphRmsNorm(
  g: GraphBuilder,
  x: string,
  scale: string,
  { eps, mode }: { readonly eps: number; readonly mode: 'onnx' | 'plain' },
): string {
  if (mode === 'onnx')
    return g.op('RMSNormalization', [x, scale], { axis: -1, epsilon: float(eps) });
  const meanSquare = reduceMean(g, g.op('Mul', [x, x]), [-1]);
  const rms = g.op('Sqrt', [g.op('Add', [meanSquare, g.scalar(eps)])]);
  return g.op('Mul', [g.op('Div', [x, rms]), scale]);
}
