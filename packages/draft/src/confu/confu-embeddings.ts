import { ConfuError } from '@confu/errors';
import { moeEmbedding } from '@confu/model-builder';
import type { ConfuHeadWeights } from '@confu/checkpoint';

function tensor(head: ConfuHeadWeights, key: keyof ConfuHeadWeights['confu']): Float32Array {
  const value = head.confu[key];
  if (!(value instanceof Float32Array)) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `ConFu head lacks confu.${key} for mode ${head.config.confu.mode}`,
    );
  }
  return value;
}

/**
 * `e_f`, the embedding of the draft-side `[f]` token (confu-spec.md §7.5): the `[f]` MoE over the
 * draft hidden state of the last accepted position (`moe`), or `confu.f_static` (`static`).
 */
export function futureTokenEmbedding(
  head: ConfuHeadWeights,
  draftHidden: Float32Array,
): Float32Array {
  const confu = head.config.confu;
  if (confu.mode === 'static') return tensor(head, 'fStatic');
  return moeEmbedding(tensor(head, 'fRouter'), tensor(head, 'fExperts'), draftHidden, confu.topK);
}

/**
 * `e_con`, the embedding of the target-side contemplate tokens (confu-spec.md §7.5, §8 row 4): the
 * `[con]` MoE over the `[3h]` taps of the last committed position (`moe`), or `confu.con_static`.
 * Before any taps (the prefill) a `moe` head uses `con_static` when it has one, else its MoE over
 * zeros (uniform gates: the mean of the first `top_k` experts).
 */
export function contemplateTokenEmbedding(
  head: ConfuHeadWeights,
  lastTaps: Float32Array | undefined,
): Float32Array {
  const confu = head.config.confu;
  if (confu.mode === 'static') return tensor(head, 'conStatic').slice();
  if (!lastTaps && head.confu.conStatic) return head.confu.conStatic.slice();
  const input = lastTaps ?? new Float32Array(3 * head.config.hiddenSize);
  return moeEmbedding(tensor(head, 'conRouter'), tensor(head, 'conExperts'), input, confu.topK);
}
