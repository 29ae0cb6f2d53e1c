import type { ConfuHeadWeights } from '@confu/checkpoint';
import type { RoundStartHook } from '../eagle3/index.js';
import { VisibilityMask, draftVocabTopK } from '../eagle3/index.js';
import { futureTokenEmbedding } from './confu-embeddings.js';

/**
 * ConFu's round start (confu-spec.md §7.6, §8 rows 1 and 5; the details are our reconstruction).
 * One head pass over two rows at the end of the stable cache (`n` rows):
 * - the `[f]` row: embedding `e_f` (from the catch-up output of position `n − 1`), feature
 *   `fc(f)`, RoPE position `n` (the root's). Its K/V go into a per-round slot that every draft
 *   query of the round attends to; it is truncated away with the tree rows.
 * - the root query again (feature of position `n − 1`, root token, position `n − 1`), now seeing
 *   `[f]`: its own K/V equal stable row `n − 1` (K/V are position-wise), so that row is hidden and
 *   its fresh copy shown. Its output replaces the catch-up output, so the root's children are
 *   conditioned on `f` too, not only the deeper nodes.
 * Without a `future` from `observe` (no contemplate token ran) the round is plain EAGLE-3.
 */
export function confuRoundStart(head: ConfuHeadWeights): RoundStartHook {
  const { hiddenSize: h } = head.config;
  return async (context) => {
    const { cache, committed: n, future, last, draftToTarget } = context;
    if (!future) return last;
    const taps = new Float32Array(6 * h);
    taps.set(context.lastTaps);
    taps.set(future, 3 * h);
    const mask = new VisibilityMask(2, n + 2);
    mask.show(0, 0, n - 1);
    mask.show(0, n, n + 2);
    mask.show(1, 0, n);
    mask.show(1, n + 1);
    const out = await context.runner.run(
      cache,
      {
        tokens: [context.root],
        tokenEmbeds: futureTokenEmbedding(head, last.hidden),
        taps,
        positions: [n - 1, n],
        mask,
      },
      context.signal,
    );
    cache.append([out.newKeys], [out.newValues], { rows: [1] });
    return { hidden: out.hiddenOut.slice(0, h), children: draftVocabTopK(out, 0, draftToTarget) };
  };
}
