import type { DraftTree } from '@confu/draft';
import { buildContemplateLayout, repeatEmbedding } from '@confu/model';
import type { CausalLm, ForwardResult } from '@confu/model';
import type { KvCache } from '@confu/runtime';

/** ConFu verification inputs: one contemplate token per tree node, all with this embedding. */
export interface ContemplateOptions {
  /** `e_con`, `[h]`. */
  readonly embedding: Float32Array;
  /** Soft-prompt rows at the front of the target cache (visible to contemplate tokens only). */
  readonly reservedRows: number;
}

/** Options of {@link runTargetPass}. */
export interface TargetPassOptions {
  readonly tree: DraftTree;
  readonly taps: boolean;
  readonly contemplate?: ContemplateOptions;
  readonly signal?: AbortSignal;
}

/**
 * One target pass over a draft tree (positions = committed + depth, tree mask). With ConFu, the
 * tree's contemplate tokens follow the tree rows; tree rows never see them or the soft prompt, so
 * the tree logits are exactly those of the plain pass.
 */
export function runTargetPass(
  lm: CausalLm,
  cache: KvCache,
  options: TargetPassOptions,
): Promise<ForwardResult> {
  const { tree, taps, signal } = options;
  if (!options.contemplate) {
    return lm.forward(cache, {
      tokens: tree.tokens,
      parents: tree.parents,
      taps,
      ...(signal ? { signal } : {}),
    });
  }
  const { embedding, reservedRows } = options.contemplate;
  const layout = buildContemplateLayout({
    committed: cache.length - reservedRows,
    reservedRows,
    parents: tree.parents,
  });
  return lm.forwardRows(cache, {
    tokens: tree.tokens,
    extraEmbeds: repeatEmbedding(embedding, tree.tokens.length),
    positions: layout.positions,
    visibility: layout.visibility,
    taps,
    ...(signal ? { signal } : {}),
  });
}
