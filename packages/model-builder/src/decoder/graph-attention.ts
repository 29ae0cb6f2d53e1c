import { graphOps } from '@confu/onnx';
import type { DecoderGraphContext } from './graph-context.js';

const { reshape, transpose, concat, unsqueeze } = graphOps;

/** Rotated queries `[1, S, H·D]`, new keys/values `[1, S, KVH·D]`, and the layer's past inputs. */
export interface AttentionInputs {
  readonly query: string;
  readonly key: string;
  readonly value: string;
  /** `[1, P, KVH, D]` */
  readonly pastKey: string;
  /** `[1, P, KVH, D]` */
  readonly pastValue: string;
}

/**
 * Masked grouped-query attention over `[past + new]` keys; returns `[S, H·D]`.
 * Past rows arrive BSHD, so concatenating along the sequence axis first lets a single reshape or
 * transpose serve past and new rows together.
 */
export function graphAttention(context: DecoderGraphContext, inputs: AttentionInputs): string {
  return context.attention === 'onnx'
    ? onnxAttention(context, inputs)
    : plainAttention(context, inputs);
}

function onnxAttention(context: DecoderGraphContext, inputs: AttentionInputs): string {
  const { g, config } = context;
  const kvWidth = config.numKvHeads * config.headDim;
  // Full K/V as 3-D inputs (no past_key/present): the op needs no dangling present outputs and
  // reads BSHD rows as they are.
  const keys = concat(g, [reshape(g, inputs.pastKey, [0, 0, kvWidth]), inputs.key], 1);
  const values = concat(g, [reshape(g, inputs.pastValue, [0, 0, kvWidth]), inputs.value], 1);
  const output = g.op('Attention', [inputs.query, keys, values, context.mask], {
    q_num_heads: config.numHeads,
    kv_num_heads: config.numKvHeads,
  });
  return reshape(g, output, [-1, config.numHeads * config.headDim]);
}

function plainAttention(context: DecoderGraphContext, inputs: AttentionInputs): string {
  const { g, config } = context;
  const { numHeads: H, numKvHeads: KVH, headDim: D } = config;
  const group = H / KVH;
  // GQA without copies: [KVH, G, S, D] queries against [KVH, 1, D, T] keys broadcast over G.
  const query = transpose(g, reshape(g, inputs.query, [-1, KVH, group, D]), [1, 2, 0, 3]);
  const scaled = g.op('Mul', [query, g.scalar(1 / Math.sqrt(D))]);
  const allRows = (past: string, current: string): string =>
    reshape(g, concat(g, [past, reshape(g, current, [1, -1, KVH, D])], 1), [-1, KVH, D]);
  const keys = unsqueeze(g, transpose(g, allRows(inputs.pastKey, inputs.key), [1, 2, 0]), [1]);
  const values = unsqueeze(
    g,
    transpose(g, allRows(inputs.pastValue, inputs.value), [1, 0, 2]),
    [1],
  );
  const scores = g.op('Add', [g.op('MatMul', [scaled, keys]), context.mask]);
  const probabilities = g.op('Softmax', [scores], { axis: -1 });
  const output = g.op('MatMul', [probabilities, values]);
  return reshape(g, transpose(g, output, [2, 0, 1, 3]), [-1, H * D]);
}

/** The contract mask as a finite additive bias `[1, 1, S, T]`, so Softmax never sees an all −∞ row. */
export function finiteMaskBias(
  context: Pick<DecoderGraphContext, 'g'>,
  mask: string,
  maskType: 'additive' | 'bool',
): string {
  const { g } = context;
  const hidden = g.scalar(-1e9);
  return maskType === 'bool'
    ? g.op('Where', [mask, g.scalar(0), hidden])
    : g.op('Max', [mask, hidden]);
}
