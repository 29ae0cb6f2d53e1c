import type { GraphBuilder } from '@confu/onnx';
import { graphOps } from '@confu/onnx';
import type { DecoderConfig } from '@confu/checkpoint';
import { ropeTables } from './rope-frequencies.js';

const { concat, reshape, split, unsqueeze } = graphOps;

/**
 * Adds the RoPE tables as initializers and returns a function rotating `[S, heads·D]` projections
 * (HF rotate_half convention) at `positionIds`, producing `[1, S, heads·D]`.
 */
export function createGraphRope(
  g: GraphBuilder,
  config: DecoderConfig,
  positionIds: string,
  mode: 'onnx' | 'plain',
): (x: string, heads: number, output?: string) => string {
  const { cos, sin } = ropeTables(config);
  const half = config.headDim / 2;
  const D = config.headDim;
  if (mode === 'onnx') {
    const cosCache = g.addInitializer(
      'rope_cos',
      'float32',
      [config.contextLength, half],
      Float32Array.from(cos),
    );
    const sinCache = g.addInitializer(
      'rope_sin',
      'float32',
      [config.contextLength, half],
      Float32Array.from(sin),
    );
    return (x, heads, output) =>
      g.op(
        'RotaryEmbedding',
        [reshape(g, x, [1, -1, heads * D]), cosCache, sinCache, positionIds],
        { num_heads: heads },
        output,
      );
  }
  // rotate_half(x)·sin == concat(x2, x1)·[-sin, sin]: folding the sign into the table saves a Neg.
  const fullCos = new Float32Array(config.contextLength * D);
  const signedSin = new Float32Array(config.contextLength * D);
  for (let row = 0; row < config.contextLength; row++) {
    for (let i = 0; i < half; i++) {
      const c = cos[row * half + i] as number;
      const s = sin[row * half + i] as number;
      fullCos[row * D + i] = c;
      fullCos[row * D + half + i] = c;
      signedSin[row * D + i] = -s;
      signedSin[row * D + half + i] = s;
    }
  }
  const positions = reshape(g, positionIds, [-1]);
  const gatherRows = (table: string): string =>
    unsqueeze(g, g.op('Gather', [table, positions]), [1]);
  const cosRows = gatherRows(
    g.addInitializer('rope_cos', 'float32', [config.contextLength, D], fullCos),
  );
  const sinRows = gatherRows(
    g.addInitializer('rope_sin_signed', 'float32', [config.contextLength, D], signedSin),
  );
  return (x, heads, output) => {
    const x4 = reshape(g, x, [-1, heads, D]);
    const [first, second] = split(g, x4, [half, half], 2) as [string, string];
    const swapped = concat(g, [second, first], 2);
    const rotated = g.op('Add', [g.op('Mul', [x4, cosRows]), g.op('Mul', [swapped, sinRows])]);
    return reshape(g, rotated, [1, -1, heads * D], output);
  };
}
