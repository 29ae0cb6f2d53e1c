import { ConfuError, assertArgument } from '@confu/errors';
import type { Drafter, TargetModel, TreeOptions } from '@confu/core';
import { defaultTreeOptions } from '../tree/default-tree.js';
import { assertTreeOptions } from '../tree/tree-options.js';
import { LmSession } from './lm-draft-session.js';
import type { LmDraftSession } from './lm-draft-session.js';

/** Options of {@link createLmDrafter}. */
export interface LmDrafterOptions {
  /** A causal LM sharing the target's tokenizer (any decoder built by `@confu/model-builder`). */
  readonly model: TargetModel;
  /** Tree shape. Default {@link defaultTreeOptions}. */
  readonly tree?: TreeOptions;
  /**
   * `tree` (default): EAGLE-2 dynamic tree. `chain`: the greedy chain of `tree.depth + 1` tokens
   * (top-k 1; `tree.topK` and `tree.totalTokens` are ignored).
   */
  readonly mode?: 'chain' | 'tree';
  /**
   * How many ids the target's tokenizer produces (its valid vocabulary); the draft model's must be
   * the same (padded embedding rows aside, e.g. a small LM drafting for its expanded self).
   */
  readonly targetVocabSize?: number;
}

/** The small-LM drafter; its sessions expose their cache length. */
export interface LmDrafter extends Drafter {
  createSession(): LmDraftSession;
}

/**
 * Classic draft-model speculation with a small LM: each session keeps the draft model's own KV
 * cache and grows an EAGLE-2 dynamic tree (or a greedy chain) from the draft's log-probabilities.
 * Needs no target features. The caller keeps ownership of `model` (dispose it after the drafter).
 * @throws ConfuError `INVALID_CONFIG` when the vocabularies differ, `INVALID_ARGUMENT` naming an
 * invalid option.
 */
export function createLmDrafter(options: LmDrafterOptions): LmDrafter {
  const { model } = options;
  const mode = options.mode ?? 'tree';
  assertArgument(
    mode === 'tree' || mode === 'chain',
    `\`mode\` must be 'chain' or 'tree', got ${String(mode)}`,
  );
  const shape = options.tree ?? defaultTreeOptions;
  assertTreeOptions(shape, {
    depth: '`tree.depth`',
    topK: '`tree.topK`',
    totalTokens: '`tree.totalTokens`',
  });
  const vocabSize = model.info.validVocabSize ?? model.info.vocabSize;
  if (options.targetVocabSize !== undefined && options.targetVocabSize !== vocabSize) {
    throw new ConfuError(
      'INVALID_CONFIG',
      `the draft model's vocabulary has ${vocabSize} tokens but the target's has ${options.targetVocabSize}: they must share a tokenizer`,
    );
  }
  const tree: TreeOptions =
    mode === 'chain' ? { depth: shape.depth, topK: 1, totalTokens: shape.depth + 2 } : shape;
  let disposed = false;
  return {
    kind: 'lm',
    requirements: { taps: false },
    createSession: () => {
      if (disposed) throw new ConfuError('SESSION_DISPOSED', 'this LM drafter was disposed');
      return new LmSession(model, tree);
    },
    dispose: () => {
      disposed = true;
      return Promise.resolve();
    },
  };
}
