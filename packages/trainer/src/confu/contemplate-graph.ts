import { graphOps } from '@confu/onnx';
import type { DecoderWeights, LayerWeights } from '@confu/checkpoint';
import {
  causalMaskInitializer,
  gatheredRope,
  rmsNorm,
  rope,
  ropeTable,
  sliceAxis,
} from '../eagle3/ttt-graph-ops.js';
import type { RecordingGraph } from '../graph/recording-graph.js';
import type { ConfuTttShape } from './confu-ttt-shape.js';

const { linear, reshape, transpose, concat, split, unsqueeze } = graphOps;

/** Tensors the target side reads. */
export interface ContemplateInputs {
  /** `[V, h]` the target embedding. */
  readonly embedding: string;
  /** `[B, S]` int64 tokens 0 … S−1. */
  readonly targetIds: string;
  /** `[s, h]` trainable soft prompt. */
  readonly softPrompt: string;
  /** `[B·K, h]` contemplate-token embeddings `e_con`. */
  readonly conEmbeds: string;
  /** `[B, K]` int64 contemplate positions `a + 1`. */
  readonly anchorPositions: string;
  /** `[B, K, S]` additive visibility of the sequence for each contemplate token. */
  readonly anchorMask: string;
}

/** One row group's q/k/v in attention layout. */
interface Heads {
  /** `[b, KVH, G·r, D]`, scaled by 1/√D (query head = kv head · G + group). */
  readonly query: string;
  /** `[b, KVH, r, D]` */
  readonly key: string;
  readonly value: string;
}

/**
 * The frozen target's side of ConFu training (confu-spec.md §7.3, §7.7, §7.8): the soft prompt
 * `[s]` (positions 0 … s−1, causal among itself), the sequence `[B, S]` (positions 0 … S−1, causal,
 * never seeing the soft prompt) and one contemplate token per anchor (position a + 1, seeing the soft
 * prompt, tokens 0 … a and itself) run through the target's layers up to the highest tap layer, in
 * plain ops with the target's weights as constants. Sequence rows depend on data only, so no gradient
 * runs through them; contemplate rows carry gradients into `e_con` and, through the soft prompt's
 * keys and values, into the soft prompt. Returns the contemplate tokens' taps `[B·K, 3h]`
 * (states entering the tap layers, low → high): the future `f`.
 *
 * Computing the sequence and the extras in one graph is exact: ordinary tokens never see the soft
 * prompt or contemplate tokens, so their states equal a plain forward (§7.4).
 */
export function contemplateTaps(
  g: RecordingGraph,
  shape: ConfuTttShape,
  weights: DecoderWeights,
  inputs: ContemplateInputs,
): string {
  const { batch: B, seq: S, anchors: K, target: config } = shape;
  const tapLayers = shape.futureLayers ?? shape.tapLayers;
  const s = shape.head.confu.softPromptLength;
  const { hiddenSize: h, numHeads: H, numKvHeads: KVH, headDim: D, rmsNormEps: eps } = config;
  const G = H / KVH;
  const last = Math.max(...tapLayers);
  const seqRope = ropeTable(g, config, 'target_rope_seq', [0, S]);
  const softRope = ropeTable(g, config, 'target_rope_soft', [0, s]);
  const conRope = gatheredRope(g, config, 'target_rope_table', inputs.anchorPositions);
  const seqCausal = causalMaskInitializer(g, 'target_causal_seq', G, S);
  const softCausal = causalMaskInitializer(g, 'target_causal_soft', G, s);
  const anchorMask = reshape(g, inputs.anchorMask, [B, 1, 1, K, S]);
  const scale = g.scalar(1 / Math.sqrt(D));

  const toHeads = (
    [q, k, v]: readonly string[],
    [b, r]: readonly [number, number],
    tables: readonly [string, string],
  ): Heads => {
    const query = rope(g, reshape(g, q as string, [b, r, H, D]), tables, D);
    const key = rope(g, reshape(g, k as string, [b, r, KVH, D]), tables, D);
    return {
      query: g.op('Mul', [
        reshape(g, transpose(g, reshape(g, query, [b, r, KVH, G, D]), [0, 2, 3, 1, 4]), [
          b,
          KVH,
          G * r,
          D,
        ]),
        scale,
      ]),
      key: transpose(g, key, [0, 2, 1, 3]),
      value: transpose(g, reshape(g, v as string, [b, r, KVH, D]), [0, 2, 1, 3]),
    };
  };
  /** `[b, KVH, G·r, D]` → `[b·r, H·D]` */
  const merge = (x: string, [b, r]: readonly [number, number]): string =>
    reshape(g, transpose(g, reshape(g, x, [b, KVH, G, r, D]), [0, 3, 1, 2, 4]), [b * r, H * D]);
  const causalAttention = (heads: Heads, mask: string, rows: readonly [number, number]): string => {
    const scores = g.op('Add', [
      g.op('MatMul', [heads.query, transpose(g, heads.key, [0, 1, 3, 2])]),
      mask,
    ]);
    return merge(g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), heads.value]), rows);
  };

  const layerWeight = (index: number, name: string, dims: readonly number[], data: Float32Array) =>
    g.addInitializer(`target.layers.${index}.${name}`, 'float32', dims, data);
  const project = (index: number, layer: LayerWeights, x: string): string[] => {
    const widths = [H * D, KVH * D, KVH * D];
    const biases = [layer.bq, layer.bk, layer.bv];
    const parts = (['wq', 'wk', 'wv'] as const).map((key, part) => {
      const bias = biases[part];
      return linear(
        g,
        x,
        layerWeight(index, key, [widths[part] as number, h], layer[key]),
        config.qkvBias && bias
          ? layerWeight(index, `b${key.slice(1)}`, [widths[part] as number], bias)
          : undefined,
      );
    });
    if (!config.qkNorm) return parts;
    const headNorm = (x2: string, heads: number, name: string, scaleData?: Float32Array): string =>
      scaleData
        ? reshape(
            g,
            rmsNorm(
              g,
              reshape(g, x2, [-1, heads, D]),
              layerWeight(index, name, [D], scaleData),
              eps,
            ),
            [-1, heads * D],
          )
        : x2;
    return [
      headNorm(parts[0] as string, H, 'q_norm', layer.qNorm),
      headNorm(parts[1] as string, KVH, 'k_norm', layer.kNorm),
      parts[2] as string,
    ];
  };

  const rows = [B * S, s, B * K];
  let x = concat(
    g,
    [
      reshape(g, g.op('Gather', [inputs.embedding, inputs.targetIds]), [B * S, h]),
      inputs.softPrompt,
      inputs.conEmbeds,
    ],
    0,
  );
  const conStates: string[] = [];
  for (let index = 0; index <= last; index++) {
    conStates.push(sliceAxis(g, x, 0, [B * S + s, B * S + s + B * K]));
    if (index === last) break;
    const layer = weights.layers[index] as LayerWeights;
    const normed = rmsNorm(
      g,
      x,
      layerWeight(index, 'attention_norm', [h], layer.attentionNorm),
      eps,
    );
    const [seqQkv, softQkv, conQkv] = [0, 1, 2].map(() => [] as string[]);
    for (const projected of project(index, layer, normed)) {
      const [a, b, c] = split(g, projected, rows, 0) as [string, string, string];
      seqQkv?.push(a);
      softQkv?.push(b);
      conQkv?.push(c);
    }
    const seq = toHeads(seqQkv as string[], [B, S], seqRope);
    const soft = toHeads(softQkv as string[], [1, s], softRope);
    const con = toHeads(conQkv as string[], [B, K], conRope);

    // Contemplate queries: [soft prompt (s) | sequence up to the anchor (S) | itself (1)].
    const softScores = g.op('MatMul', [con.query, transpose(g, soft.key, [0, 1, 3, 2])]);
    const seqScores = reshape(
      g,
      g.op('Add', [
        reshape(g, g.op('MatMul', [con.query, transpose(g, seq.key, [0, 1, 3, 2])]), [
          B,
          KVH,
          G,
          K,
          S,
        ]),
        anchorMask,
      ]),
      [B, KVH, G * K, S],
    );
    const conQuery5 = reshape(g, con.query, [B, KVH, G, K, D]);
    const selfScores = reshape(
      g,
      g.op('ReduceSum', [g.op('Mul', [conQuery5, unsqueeze(g, con.key, [2])]), g.int64s([-1])], {
        keepdims: 1,
      }),
      [B, KVH, G * K, 1],
    );
    const [pSoft, pSeq, pSelf] = split(
      g,
      g.op('Softmax', [concat(g, [softScores, seqScores, selfScores], -1)], { axis: -1 }),
      [s, S, 1],
      -1,
    ) as [string, string, string];
    const conAttended = g.op('Add', [
      g.op('Add', [g.op('MatMul', [pSoft, soft.value]), g.op('MatMul', [pSeq, seq.value])]),
      reshape(
        g,
        g.op('Mul', [reshape(g, pSelf, [B, KVH, G, K, 1]), unsqueeze(g, con.value, [2])]),
        [B, KVH, G * K, D],
      ),
    ]);
    const attended = concat(
      g,
      [
        causalAttention(seq, seqCausal, [B, S]),
        causalAttention(soft, softCausal, [1, s]),
        merge(conAttended, [B, K]),
      ],
      0,
    );
    const afterAttention = g.op('Add', [
      x,
      linear(g, attended, layerWeight(index, 'wo', [h, H * D], layer.wo)),
    ]);
    const I = config.intermediateSize;
    const mlpIn = rmsNorm(
      g,
      afterAttention,
      layerWeight(index, 'mlp_norm', [h], layer.mlpNorm),
      eps,
    );
    const gate = linear(g, mlpIn, layerWeight(index, 'w_gate', [I, h], layer.wGate));
    const up = linear(g, mlpIn, layerWeight(index, 'w_up', [I, h], layer.wUp));
    const activated = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]);
    x = g.op('Add', [
      afterAttention,
      linear(g, activated, layerWeight(index, 'w_down', [h, I], layer.wDown)),
    ]);
  }
  return concat(
    g,
    tapLayers.map((layer) => conStates[layer] as string),
    1,
  );
}
