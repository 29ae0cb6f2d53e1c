import { graphOps } from '@confu/onnx';
import type { GraphBuilder } from '@confu/onnx';
import type { DecoderGraphContext } from './graph-context.js';

const { reshape, transpose, concat } = graphOps;

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
 *
 * Batch-invariant by construction, so a verified row gets the very bits plain decoding gives it
 * (a quantised target re-rounds activations, which turns any last-bit difference into a different
 * token): ORT's `Attention` op and any `MatMul` with one row take a GEMV path whose sums differ
 * from the multi-row kernel, while the multi-row kernel gives every row the same bits whatever the
 * row count or the number and place of masked keys (docs/architecture/batch-invariance.md). So
 * the G query heads of a KV head are stacked as rows (`[KVH, G·S, D]`), a lone row is duplicated,
 * and the softmax is normalised after the value product.
 * Past rows arrive BSHD, so concatenating along the sequence axis first lets one transpose serve
 * past and new rows together.
 */
export function graphAttention(context: DecoderGraphContext, inputs: AttentionInputs): string {
  const { g, config } = context;
  const { numHeads: H, numKvHeads: KVH, headDim: D } = config;
  const group = H / KVH;
  const query = reshape(
    g,
    transpose(g, reshape(g, inputs.query, [-1, KVH, group, D]), [1, 2, 0, 3]),
    [KVH, -1, D],
  );
  const scaled = g.op('Mul', [query, g.scalar(1 / Math.sqrt(D))]);
  const allRows = (past: string, current: string): string =>
    reshape(g, concat(g, [past, reshape(g, current, [1, -1, KVH, D])], 1), [-1, KVH, D]);
  const keys = transpose(g, allRows(inputs.pastKey, inputs.key), [1, 2, 0]);
  const values = transpose(g, allRows(inputs.pastValue, inputs.value), [1, 0, 2]);
  const { rowBias, ones } = context.mask;
  const scores = g.op('Add', [multiRowMatMul(g, scaled, keys, group), rowBias]);
  // Softmax without ORT's Softmax, whose vectorised sum over keys depends on where masked keys
  // sit (a tree interleaves branches): exponentials (masked ones exactly 0) times [V | 1] in one
  // MatMul, whose kernel sums over keys in order, so zeros anywhere change no bit; then divide.
  const exponentials = g.op('Exp', [
    g.op('Sub', [scores, g.op('ReduceMax', [scores, g.int64s([-1])], { keepdims: 1 })]),
  ]);
  const weighted = multiRowMatMul(g, exponentials, concat(g, [values, ones], 2), group);
  const output = g.op('Div', [
    g.op('Slice', [weighted, g.int64s([0]), g.int64s([D]), g.int64s([2])]),
    g.op('Slice', [weighted, g.int64s([D]), g.int64s([D + 1]), g.int64s([2])]),
  ]);
  return reshape(g, transpose(g, reshape(g, output, [KVH, group, -1, D]), [2, 0, 1, 3]), [
    -1,
    H * D,
  ]);
}

/** `[KVH, R, K] × [KVH, K, N]`, never with one row: a lone row (G = 1, S = 1) runs twice. */
function multiRowMatMul(g: GraphBuilder, a: string, b: string, group: number): string {
  if (group > 1) return g.op('MatMul', [a, b]);
  const last = g.op('Slice', [
    a,
    g.int64s([-1]),
    g.int64s([Number.MAX_SAFE_INTEGER]),
    g.int64s([1]),
  ]);
  const product = g.op('MatMul', [concat(g, [a, last], 1), b]);
  return g.op('Slice', [product, g.int64s([0]), g.int64s([-1]), g.int64s([1])]);
}

/** What every layer's attention reads of the mask, built once per graph. */
export interface AttentionMask {
  /** `[G·S, T]` finite additive bias: row g·S + s of a KV head is query head g at new row s. */
  readonly rowBias: string;
  /** `[KVH, T, 1]` ones, the column appended to V so one MatMul also sums the exponentials. */
  readonly ones: string;
}

/**
 * The contract mask `[1, 1, S, T]` (additive 0 / −∞, or bool) as {@link AttentionMask}. The bias is
 * finite (−1e9), so a row's exponentials of hidden keys are exactly 0 and no row is ever all −∞.
 */
export function createAttentionMask(
  g: GraphBuilder,
  config: Pick<DecoderGraphContext['config'], 'numHeads' | 'numKvHeads'>,
  mask: string,
  maskType: 'additive' | 'bool',
): AttentionMask {
  const hidden = g.scalar(-1e9);
  const bias =
    maskType === 'bool' ? g.op('Where', [mask, g.scalar(0), hidden]) : g.op('Max', [mask, hidden]);
  const group = config.numHeads / config.numKvHeads;
  const keyCount = g.op('Slice', [g.op('Shape', [mask]), g.int64s([3]), g.int64s([4])]);
  return {
    rowBias: g.op('Flatten', [g.op('Tile', [bias, g.int64s([1, group, 1, 1])])], { axis: 3 }),
    ones: g.op('Expand', [
      g.scalar(1),
      concat(g, [g.int64s([config.numKvHeads]), keyCount, g.int64s([1])], 0),
    ]),
  };
}
