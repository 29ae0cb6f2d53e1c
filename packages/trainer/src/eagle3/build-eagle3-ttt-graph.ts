import { graphOps, headDecoderConfig, ropeInverseFrequencies } from '@confu/model-builder';
import type { RecordingGraph } from '../graph/recording-graph.js';
import type { ForwardSpec } from '../training/record-forward.js';
import { eagle3ParameterDims } from './eagle3-parameters.js';
import type { Eagle3ParameterName } from './eagle3-parameters.js';
import { checkTttShape, eagle3TttInputs as inputs } from './eagle3-ttt-shape.js';
import type { Eagle3TttShape } from './eagle3-ttt-shape.js';

const { linear, reshape, transpose, concat, split, unsqueeze } = graphOps;

/** Attention of one unrolled step against the step-0 keys and the own-row keys of steps 1 … s. */
interface StepKv {
  /** `[B, KVH, S, D]` rotated keys. */
  readonly key: string;
  /** `[B, KVH, S, D]` */
  readonly value: string;
}

function rmsNorm(g: RecordingGraph, x: string, scale: string, eps: number): string {
  const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x]), g.int64s([-1])], { keepdims: 1 });
  const rms = g.op('Sqrt', [g.op('Add', [meanSquare, g.scalar(eps)])]);
  return g.op('Mul', [g.op('Div', [x, rms]), scale]);
}

/** Rotate-half RoPE (HF Llama) on `[B, S, heads, D]` with `[S, 1, D]` cos/sin tables. */
function rope(
  g: RecordingGraph,
  x: string,
  [cos, sin]: readonly [string, string],
  D: number,
): string {
  const [x1, x2] = split(g, x, [D / 2, D / 2], -1) as [string, string];
  const rotated = concat(g, [g.op('Neg', [x2]), x1], -1);
  return g.op('Add', [g.op('Mul', [x, cos]), g.op('Mul', [rotated, sin])]);
}

function ropeTables(g: RecordingGraph, shape: Eagle3TttShape, step: number): [string, string] {
  const { seq: S } = shape;
  const D = shape.head.headDim;
  const inverse = ropeInverseFrequencies(headDecoderConfig(shape.head, S + shape.tttSteps));
  const cos = new Float32Array(S * D);
  const sin = new Float32Array(S * D);
  for (let row = 0; row < S; row++) {
    for (let i = 0; i < D / 2; i++) {
      const angle = (row + step) * (inverse[i] as number);
      cos[row * D + i] = cos[row * D + i + D / 2] = Math.cos(angle);
      sin[row * D + i] = sin[row * D + i + D / 2] = Math.sin(angle);
    }
  }
  return [
    g.addInitializer(`rope_cos_${step}`, 'float32', [S, 1, D], cos),
    g.addInitializer(`rope_sin_${step}`, 'float32', [S, 1, D], sin),
  ];
}

function sliceAxis(
  g: RecordingGraph,
  x: string,
  axis: number,
  [start, end]: readonly [number, number],
): string {
  return g.op('Slice', [x, g.int64s([start]), g.int64s([end]), g.int64s([axis])]);
}

/**
 * EAGLE-3's training-time test (confu-spec.md §6) as a {@link BuildForward}: the head of
 * §4.2 unrolled for `T` steps over `B` sequences of `S` rows, in plain ONNX ops.
 *
 * - Step 0: feature `fc(taps)`, token embedding of ids shifted by 1 (row i consumes token i+1 and
 *   predicts token i+2); step s > 0: the step s−1 layer output as feature, ids shifted by s+1.
 * - Attention at step s: the step-0 keys causally plus only the own row's keys of steps 1 … s
 *   (the diagonal pattern); RoPE position = row + s. GQA by grouping query heads per KV head.
 * - Loss: Σ_s Σ_rows w[s] · (−Σ_v p_target(v) log q_draft(v)); the weights input carries
 *   0.8^s and the mask (normalised per step), the target is restricted to the draft vocabulary.
 *
 * The target embedding is a graph input (`embed_tokens`), not a parameter.
 */
export function buildEagle3TttGraph(shape: Eagle3TttShape): (g: RecordingGraph) => ForwardSpec {
  checkTttShape(shape);
  return (g) => {
    const { batch: B, seq: S, tttSteps: T, head } = shape;
    const { hiddenSize: h, numHeads: H, numKvHeads: KVH, headDim: D, rmsNormEps: eps } = head;
    const { vocabSize: V, draftVocabSize: Vd } = head;
    const G = H / KVH;
    const dims = eagle3ParameterDims(head);
    const p = {} as Record<Eagle3ParameterName, string>;
    for (const name of Object.keys(dims) as Eagle3ParameterName[]) {
      p[name] = g.addInput(name, 'float32', dims[name]);
    }
    const embedding = g.addInput(inputs.embedding, 'float32', [V, h]);
    const taps = g.addInput(inputs.taps, 'float32', [B, S, 3 * h]);
    const ids = g.addInput(inputs.inputIds, 'int64', [B, S + T - 1]);
    const targetProbs = g.addInput(inputs.targetProbs, 'float32', [B, S + T - 1, Vd]);
    const stepWeights = g.addInput(inputs.stepWeights, 'float32', [T, B, S]);

    const causal = new Float32Array(G * S * S);
    for (let group = 0; group < G; group++) {
      for (let i = 0; i < S; i++)
        for (let j = i + 1; j < S; j++) causal[(group * S + i) * S + j] = -1e9;
    }
    const causalMask = g.addInitializer('ttt_causal_mask', 'float32', [G * S, S], causal);
    const scale = g.scalar(1 / Math.sqrt(D));
    const embedded = g.op('Gather', [embedding, ids]); // [B, S+T-1, h]

    let feature = linear(g, reshape(g, taps, [B * S, 3 * h]), p['fc.weight']);
    const kvs: StepKv[] = [];
    let loss: string | undefined;
    for (let step = 0; step < T; step++) {
      const tokenEmbedding = reshape(g, sliceAxis(g, embedded, 1, [step, step + S]), [B * S, h]);
      const attentionIn = concat(
        g,
        [
          rmsNorm(g, tokenEmbedding, p['midlayer.input_layernorm.weight'], eps),
          rmsNorm(g, feature, p['midlayer.hidden_norm.weight'], eps),
        ],
        1,
      );
      const tables = ropeTables(g, shape, step);
      const q = rope(
        g,
        reshape(g, linear(g, attentionIn, p['midlayer.self_attn.q_proj.weight']), [B, S, H, D]),
        tables,
        D,
      );
      const k = rope(
        g,
        reshape(g, linear(g, attentionIn, p['midlayer.self_attn.k_proj.weight']), [B, S, KVH, D]),
        tables,
        D,
      );
      const v = reshape(g, linear(g, attentionIn, p['midlayer.self_attn.v_proj.weight']), [
        B,
        S,
        KVH,
        D,
      ]);
      // q: [B, KVH, G, S, D] (query head = kv head · G + group); k, v: [B, KVH, S, D].
      const query = g.op('Mul', [
        transpose(g, reshape(g, q, [B, S, KVH, G, D]), [0, 2, 3, 1, 4]),
        scale,
      ]);
      kvs.push({ key: transpose(g, k, [0, 2, 1, 3]), value: transpose(g, v, [0, 2, 1, 3]) });
      const base = kvs[0] as StepKv;
      const contextScores = reshape(
        g,
        g.op('Add', [
          g.op('MatMul', [
            reshape(g, query, [B, KVH, G * S, D]),
            transpose(g, base.key, [0, 1, 3, 2]),
          ]),
          causalMask,
        ]),
        [B, KVH, G, S, S],
      );
      const own = kvs.slice(1); // steps 1 … s: only the query's own row
      const diagonal = own.map(({ key }) =>
        g.op('ReduceSum', [g.op('Mul', [query, unsqueeze(g, key, [2])]), g.int64s([-1])], {
          keepdims: 1,
        }),
      );
      const probs = g.op(
        'Softmax',
        [own.length ? concat(g, [contextScores, ...diagonal], -1) : contextScores],
        { axis: -1 },
      );
      const [contextProbs, ...ownProbs] = own.length
        ? split(g, probs, [S, ...own.map(() => 1)], -1)
        : [probs];
      let attended = reshape(
        g,
        g.op('MatMul', [reshape(g, contextProbs as string, [B, KVH, G * S, S]), base.value]),
        [B, KVH, G, S, D],
      );
      own.forEach(({ value }, index) => {
        attended = g.op('Add', [
          attended,
          g.op('Mul', [ownProbs[index] as string, unsqueeze(g, value, [2])]),
        ]);
      });
      const merged = reshape(g, transpose(g, attended, [0, 3, 1, 2, 4]), [B * S, H * D]);
      const afterAttention = g.op('Add', [
        feature,
        linear(g, merged, p['midlayer.self_attn.o_proj.weight']),
      ]);
      const mlpIn = rmsNorm(g, afterAttention, p['midlayer.post_attention_layernorm.weight'], eps);
      const gate = linear(g, mlpIn, p['midlayer.mlp.gate_proj.weight']);
      const up = linear(g, mlpIn, p['midlayer.mlp.up_proj.weight']);
      const activated = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate])]), up]);
      const hidden = g.op('Add', [
        afterAttention,
        linear(g, activated, p['midlayer.mlp.down_proj.weight']),
      ]);

      const logits = linear(g, rmsNorm(g, hidden, p['norm.weight'], eps), p['lm_head.weight']);
      const logQ = g.op('LogSoftmax', [logits], { axis: -1 });
      const target = reshape(g, sliceAxis(g, targetProbs, 1, [step, step + S]), [B * S, Vd]);
      const crossEntropy = g.op('ReduceSum', [g.op('Mul', [target, logQ]), g.int64s([-1])], {
        keepdims: 0,
      });
      const weights = reshape(g, sliceAxis(g, stepWeights, 0, [step, step + 1]), [B * S]);
      const stepLoss = g.op('Neg', [
        g.op('ReduceSum', [g.op('Mul', [crossEntropy, weights])], { keepdims: 0 }),
      ]);
      loss = loss === undefined ? stepLoss : g.op('Add', [loss, stepLoss]);
      feature = hidden;
    }
    return { loss: reshape(g, loss as string, [1]), params: Object.keys(dims) };
  };
}
