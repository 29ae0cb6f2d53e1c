import { graphOps } from '@confu/onnx';
import { headDecoderConfig } from '@confu/checkpoint';
import type { DecoderWeights } from '@confu/checkpoint';
import { addHeadParams, addTttInputs } from '../eagle3/build-eagle3-ttt-graph.js';
import { gatheredRope } from '../eagle3/ttt-graph-ops.js';
import { headAttentionInput, headKeyValue, tttLoss } from '../eagle3/ttt-unroll.js';
import type { RecordingGraph } from '../graph/recording-graph.js';
import type { ForwardSpec } from '../training/record-forward.js';
import { confuParameterDims } from './confu-parameters.js';
import { checkConfuTttShape, confuTttInputs as inputs } from './confu-ttt-shape.js';
import type { ConfuTttShape } from './confu-ttt-shape.js';
import { contemplateTaps } from './contemplate-graph.js';
import { moeGraph } from './moe-graph.js';

const { linear, reshape } = graphOps;

/**
 * ConFu training (confu-spec.md §7.8) as a {@link BuildForward}: EAGLE-3's training-time test whose
 * draft queries also attend to `[f]` slots built from the frozen target's contemplate tokens.
 *
 * - **Anchor token sampling:** `K` anchors per sequence; after each anchor `a` one contemplate
 *   token (embedding `e_con` from the `[con]` MoE over the taps of row a − 1, or `con_static`) runs
 *   through the frozen target with the soft prompt ({@link contemplateTaps}); its taps are `f`.
 * - **`[f]` slot per anchor:** embedding `e_f` from the `[f]` MoE over the draft's plain step-0
 *   output at row a (what the catch-up gives at inference), or `f_static`; feature `fc(f)`; RoPE
 *   position a + 1, as the inference round start (`confuRoundStart`).
 * - **Future prediction replication:** the batch's `future_mask` lets draft row i (the root of its
 *   unrolled chain) see the slot of the latest anchor a ≤ i with i − a < l, at every step.
 * - Loss: the training-time test's soft cross-entropy (the KL up to a constant), only on rows
 *   that see a slot.
 * Trainable: the head, the soft prompt and both MoEs (or static embeddings). Frozen: the target,
 * whose weights are graph constants; its embedding is the `embed_tokens` input.
 */
export function buildConfuTttGraph(
  shape: ConfuTttShape,
  target: DecoderWeights,
): (g: RecordingGraph) => ForwardSpec {
  checkConfuTttShape(shape);
  return (g) => {
    const { batch: B, seq: S, anchors: K, head } = shape;
    const { hiddenSize: h, rmsNormEps: eps } = head;
    const confu = head.confu;
    const params = addHeadParams(g, shape);
    const ttt = addTttInputs(g, shape, params);
    const confuDims = confuParameterDims(head);
    const c: Record<string, string> = {};
    for (const [name, dims] of Object.entries(confuDims))
      c[name] = g.addInput(name, 'float32', dims);
    const targetIds = g.addInput(inputs.targetIds, 'int64', [B, S]);
    const anchorRows = g.addInput(inputs.anchorRows, 'int64', [B * K]);
    const routerRows = g.addInput(inputs.routerRows, 'int64', [B * K]);
    const anchorPositions = g.addInput(inputs.anchorPositions, 'int64', [B, K]);
    const anchorMask = g.addInput(inputs.anchorMask, 'float32', [B, K, S]);
    const futureMask = g.addInput(inputs.futureMask, 'float32', [B, S, K]);

    const perAnchor = (name: string): string =>
      g.op('Expand', [reshape(g, c[name] as string, [1, h]), g.int64s([B * K, h])]);
    const embeddingOf = (kind: 'con' | 'f', routerInput: () => string): string =>
      confu.mode === 'static'
        ? perAnchor(`confu.${kind}_static`)
        : moeGraph(
            g,
            {
              router: c[`confu.${kind}_router.weight`] as string,
              experts: c[`confu.${kind}_experts`] as string,
              input: routerInput(),
            },
            confu,
          );

    const conEmbeds = embeddingOf('con', () =>
      g.op('Gather', [reshape(g, ttt.taps, [B * S, 3 * h]), routerRows]),
    );
    const future =
      shape.future === 'next-taps'
        ? g.op('Gather', [
            reshape(g, ttt.taps, [B * S, 3 * h]),
            g.addInput(inputs.nextRows, 'int64', [B * K]),
          ])
        : contemplateTaps(g, shape, target, {
            embedding: ttt.embedding,
            targetIds,
            softPrompt: c['confu.soft_prompt'] as string,
            conEmbeds,
            anchorPositions,
            anchorMask,
          });
    const loss = tttLoss(g, shape, ttt, (plainStep0) => {
      const fEmbeds = embeddingOf('f', () => g.op('Gather', [plainStep0, anchorRows]));
      const attentionIn = headAttentionInput(g, params, eps, [
        fEmbeds,
        linear(g, future, params['fc.weight']),
      ]);
      const tables = gatheredRope(
        g,
        headDecoderConfig(head, head.contextLength),
        'future_rope',
        anchorPositions,
      );
      const kv = headKeyValue(g, params, head, { attentionIn, dims: [B, K], tables });
      return { ...kv, count: K, mask: reshape(g, futureMask, [B, 1, 1, S, K]) };
    });
    return { loss, params: [...Object.values(params), ...Object.keys(confuDims)] };
  };
}
