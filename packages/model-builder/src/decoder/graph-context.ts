import type { GraphBuilder } from '@confu/onnx';
import type { DecoderConfig } from '@confu/checkpoint';
import type { AttentionMask } from './graph-attention.js';
import type { MatrixFactory } from './graph-matrix.js';

/** What the per-layer graph helpers share while one decoder graph is built. */
export interface DecoderGraphContext {
  readonly g: GraphBuilder;
  readonly config: DecoderConfig;
  readonly attention: 'onnx' | 'plain';
  /** The mask as attention reads it, built once per graph. */
  readonly mask: AttentionMask;
  /** Rotates `x` `[S, heads·D]`, returning `[1, S, heads·D]`. */
  readonly rope: (x: string, heads: number, output?: string) => string;
  /** Adds weight matrices in the graph's dtype (float32, float16, q8, q4). */
  readonly matrix: MatrixFactory;
}
