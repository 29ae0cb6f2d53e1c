import { graphOps } from '@confu/onnx';
import { headDecoderConfig } from '@confu/checkpoint';
import type { Eagle3HeadConfig } from '@confu/checkpoint';
import type { RecordingGraph } from '../graph/recording-graph.js';
import type { Eagle3ParameterName } from './eagle3-parameters.js';
import type { Eagle3TttShape } from './eagle3-ttt-shape.js';
import { causalMaskInitializer, rmsNorm, rope, ropeTable, sliceAxis } from './ttt-graph-ops.js';

const { linear, reshape, transpose, concat, split, unsqueeze } = graphOps;

/** Trainable head tensors by SpecForge name. */
export type HeadParams = Readonly<Record<Eagle3ParameterName, string>>;

/** Keys and values `[B, KVH, R, D]` (keys rotated). */
export interface HeadKv {
  readonly key: string;
  readonly value: string;
}

/**
 * Extra key slots every unrolled step may attend to (ConFu's `[f]` tokens): `K` slots per
 * sequence, and which rows see which slot.
 */
export interface TttFutureSlots extends HeadKv {
  /** Slots per sequence `K`. */
  readonly count: number;
  /** `[B, 1, 1, S, K]` additive: 0 where row `i` sees slot `k`, −1e9 elsewhere. */
  readonly mask: string;
}

/** Graph tensors the unrolled loss reads. */
export interface TttTensors {
  readonly params: HeadParams;
  /** `[B, S + T − 1, h]` embeddings of `input_ids`. */
  readonly embedded: string;
  /** `[B, S, 3h]` */
  readonly taps: string;
  /** `[B, S + T − 1, Vd]` */
  readonly targetProbs: string;
  /** `[T, B, S]` */
  readonly stepWeights: string;
}

/** `concat(norm(token embedding), norm(feature))`, the layer's `[R, 2h]` attention input. */
export function headAttentionInput(
  g: RecordingGraph,
  p: HeadParams,
  eps: number,
  [tokenEmbedding, feature]: readonly [tokenEmbedding: string, feature: string],
): string {
  return concat(
    g,
    [
      rmsNorm(g, tokenEmbedding, p['midlayer.input_layernorm.weight'], eps),
      rmsNorm(g, feature, p['midlayer.hidden_norm.weight'], eps),
    ],
    1,
  );
}

/** K/V `[B, KVH, R, D]` of `[B·R, 2h]` attention inputs, keys rotated by `tables` (`[R or B·R.., 1, D]`). */
export function headKeyValue(
  g: RecordingGraph,
  p: HeadParams,
  head: Eagle3HeadConfig,
  {
    attentionIn,
    dims: [B, R],
    tables,
  }: {
    readonly attentionIn: string;
    readonly dims: readonly [number, number];
    readonly tables: readonly [string, string];
  },
): HeadKv {
  const { numKvHeads: KVH, headDim: D } = head;
  const k = rope(
    g,
    reshape(g, linear(g, attentionIn, p['midlayer.self_attn.k_proj.weight']), [B, R, KVH, D]),
    tables,
    D,
  );
  const v = reshape(g, linear(g, attentionIn, p['midlayer.self_attn.v_proj.weight']), [
    B,
    R,
    KVH,
    D,
  ]);
  return { key: transpose(g, k, [0, 2, 1, 3]), value: transpose(g, v, [0, 2, 1, 3]) };
}

/** Query, attention (context causal + own rows + optional slots), o-proj, MLP: the layer output `[B·S, h]`. */
function attendAndMlp(
  g: RecordingGraph,
  shape: Eagle3TttShape,
  p: HeadParams,
  {
    attentionIn,
    feature,
    tables,
    kvs,
    causalMask,
    future,
  }: {
    attentionIn: string;
    feature: string;
    tables: readonly [string, string];
    kvs: readonly HeadKv[];
    causalMask: string;
    future: TttFutureSlots | undefined;
  },
): string {
  const { batch: B, seq: S, head } = shape;
  const { numHeads: H, numKvHeads: KVH, headDim: D, rmsNormEps: eps } = head;
  const G = H / KVH;
  const q = rope(
    g,
    reshape(g, linear(g, attentionIn, p['midlayer.self_attn.q_proj.weight']), [B, S, H, D]),
    tables,
    D,
  );
  // [B, KVH, G, S, D] (query head = kv head · G + group), scaled.
  const query = g.op('Mul', [
    transpose(g, reshape(g, q, [B, S, KVH, G, D]), [0, 2, 3, 1, 4]),
    g.scalar(1 / Math.sqrt(D)),
  ]);
  const flatQuery = reshape(g, query, [B, KVH, G * S, D]);
  const base = kvs[0] as HeadKv;
  const scores = [
    reshape(
      g,
      g.op('Add', [g.op('MatMul', [flatQuery, transpose(g, base.key, [0, 1, 3, 2])]), causalMask]),
      [B, KVH, G, S, S],
    ),
  ];
  const widths = [S];
  if (future) {
    scores.push(
      g.op('Add', [
        reshape(g, g.op('MatMul', [flatQuery, transpose(g, future.key, [0, 1, 3, 2])]), [
          B,
          KVH,
          G,
          S,
          future.count,
        ]),
        future.mask,
      ]),
    );
    widths.push(future.count);
  }
  const own = kvs.slice(1); // steps 1 … s: only the query's own row (the diagonal pattern)
  for (const { key } of own) {
    scores.push(
      g.op('ReduceSum', [g.op('Mul', [query, unsqueeze(g, key, [2])]), g.int64s([-1])], {
        keepdims: 1,
      }),
    );
    widths.push(1);
  }
  const probs = g.op(
    'Softmax',
    [scores.length > 1 ? concat(g, scores, -1) : (scores[0] as string)],
    {
      axis: -1,
    },
  );
  const parts = scores.length > 1 ? split(g, probs, widths, -1) : [probs];
  const weighted = (index: number, value: string, rows: number): string =>
    reshape(g, g.op('MatMul', [reshape(g, parts[index] as string, [B, KVH, G * S, rows]), value]), [
      B,
      KVH,
      G,
      S,
      D,
    ]);
  let attended = weighted(0, base.value, S);
  let next = 1;
  if (future) attended = g.op('Add', [attended, weighted(next++, future.value, future.count)]);
  for (const { value } of own) {
    attended = g.op('Add', [
      attended,
      g.op('Mul', [parts[next++] as string, unsqueeze(g, value, [2])]),
    ]);
  }
  const merged = reshape(g, transpose(g, attended, [0, 3, 1, 2, 4]), [B * S, H * D]);
  const afterAttention = g.op('Add', [
    feature,
    linear(g, merged, p['midlayer.self_attn.o_proj.weight']),
  ]);
  const mlpIn = rmsNorm(g, afterAttention, p['midlayer.post_attention_layernorm.weight'], eps);
  const gate = linear(g, mlpIn, p['midlayer.mlp.gate_proj.weight']);
  const up = linear(g, mlpIn, p['midlayer.mlp.up_proj.weight']);
  const activated = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]);
  return g.op('Add', [afterAttention, linear(g, activated, p['midlayer.mlp.down_proj.weight'])]);
}

/**
 * The training-time test's loss (confu-spec.md §6), shared by EAGLE-3 and ConFu: the head unrolled
 * for `T` steps over `B × S` rows.
 *
 * - Step 0: feature `fc(taps)`, embedding of token i+1 at row i; step s > 0: the step s−1 output as
 *   feature, token i+s+1. RoPE position = row + s.
 * - Attention at step s: the step-0 keys causally, plus only the own row's keys of steps 1 … s
 *   (the diagonal pattern), plus the slots of `future` where its mask allows.
 * - Loss: Σ_s Σ_rows w[s] · (−Σ_v p_target(v) log q_draft(v)).
 *
 * `future` is called once with the plain step-0 output `[B·S, h]` (attention without any slot: what
 * the draft's catch-up computes at inference) and returns the slots for all steps.
 */
export function tttLoss(
  g: RecordingGraph,
  shape: Eagle3TttShape,
  tensors: TttTensors,
  future?: (plainStep0: string) => TttFutureSlots,
): string {
  const { batch: B, seq: S, tttSteps: T, head } = shape;
  const { hiddenSize: h, numHeads: H, numKvHeads: KVH, rmsNormEps: eps } = head;
  const Vd = head.draftVocabSize;
  const p = tensors.params;
  const causalMask = causalMaskInitializer(g, 'ttt_causal_mask', H / KVH, S);
  const ropeConfig = headDecoderConfig(head, S + T);
  let feature = linear(g, reshape(g, tensors.taps, [B * S, 3 * h]), p['fc.weight']);
  const kvs: HeadKv[] = [];
  let slots: TttFutureSlots | undefined;
  let loss: string | undefined;
  for (let step = 0; step < T; step++) {
    const tokenEmbedding = reshape(g, sliceAxis(g, tensors.embedded, 1, [step, step + S]), [
      B * S,
      h,
    ]);
    const attentionIn = headAttentionInput(g, p, eps, [tokenEmbedding, feature]);
    const tables = ropeTable(g, ropeConfig, `ttt_rope_${step}`, [step, S]);
    kvs.push(headKeyValue(g, p, head, { attentionIn, dims: [B, S], tables }));
    const layer = { attentionIn, feature, tables, kvs, causalMask };
    if (step === 0 && future)
      slots = future(attendAndMlp(g, shape, p, { ...layer, future: undefined }));
    const hidden = attendAndMlp(g, shape, p, { ...layer, future: slots });

    const logits = linear(g, rmsNorm(g, hidden, p['norm.weight'], eps), p['lm_head.weight']);
    const logQ = g.op('LogSoftmax', [logits], { axis: -1 });
    const target = reshape(g, sliceAxis(g, tensors.targetProbs, 1, [step, step + S]), [B * S, Vd]);
    const crossEntropy = g.op('ReduceSum', [g.op('Mul', [target, logQ]), g.int64s([-1])], {
      keepdims: 0,
    });
    const weights = reshape(g, sliceAxis(g, tensors.stepWeights, 0, [step, step + 1]), [B * S]);
    const stepLoss = g.op('Neg', [
      g.op('ReduceSum', [g.op('Mul', [crossEntropy, weights])], { keepdims: 0 }),
    ]);
    loss = loss === undefined ? stepLoss : g.op('Add', [loss, stepLoss]);
    feature = hidden;
  }
  return reshape(g, loss as string, [1]);
}
