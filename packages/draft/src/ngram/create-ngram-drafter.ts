import { ConfuError, assertArgument } from '@confu/errors';
import type { Drafter, DraftOptions, DraftSession, DraftTree, TreeOptions } from '@confu/core';
import { assertTreeOptions } from '../tree/tree-options.js';
import { treeFromContinuations } from './continuation-trie.js';
import type { ContinuationTrieLimits } from './continuation-trie.js';
import { findContinuations } from './find-continuations.js';
import { NgramIndex } from './ngram-index.js';

/** Options of {@link createNgramDrafter}. */
export interface NgramDrafterOptions {
  /** Longest suffix n-gram looked up. Default `max(3, minNgram)`. */
  readonly maxNgram?: number;
  /** Shortest suffix n-gram looked up. Default 1. */
  readonly minNgram?: number;
  /**
   * Branching: up to `topK` distinct continuations (earlier matches) as sibling branches, at most
   * `totalTokens − 1` draft nodes. Default: one chain.
   */
  readonly tree?: TreeOptions;
  /** Longest branch. Default `tree.depth + 1` with a tree, else 7. */
  readonly maxDraftTokens?: number;
}

// Bounds the work per round on very repetitive text, where a short n-gram can occur thousands of times.
const maxMatchesPerLength = 64;

/**
 * Prompt-lookup decoding (llama.cpp `ngram-simple`, vLLM `ngram`, HF prompt lookup): propose what
 * followed the most recent earlier occurrence of the longest matching suffix n-gram of the
 * committed tokens (root included). No model, no target features. With `tree.topK > 1`, further
 * distinct continuations — ranked by match length, then recency — become sibling branches.
 * @throws ConfuError `INVALID_ARGUMENT` naming the invalid option.
 */
export function createNgramDrafter(options: NgramDrafterOptions = {}): Drafter {
  const minNgram = options.minNgram ?? 1;
  const maxNgram = options.maxNgram ?? Math.max(3, minNgram);
  const tree = options.tree;
  if (tree)
    assertTreeOptions(tree, {
      depth: '`tree.depth`',
      topK: '`tree.topK`',
      totalTokens: '`tree.totalTokens`',
    });
  const maxDraftTokens = options.maxDraftTokens ?? (tree ? tree.depth + 1 : 7);
  assertArgument(
    Number.isInteger(maxDraftTokens) && maxDraftTokens >= 1,
    `\`maxDraftTokens\` must be an integer ≥ 1, got ${maxDraftTokens}`,
  );
  // Validates minNgram / maxNgram once, at creation.
  void new NgramIndex({ minNgram, maxNgram });
  const limits = {
    maxBranches: tree?.topK ?? 1,
    maxNodes: tree ? tree.totalTokens - 1 : maxDraftTokens,
  };
  return {
    kind: 'ngram',
    requirements: { taps: false },
    createSession: () =>
      new NgramDraftSession(new NgramIndex({ minNgram, maxNgram }), maxDraftTokens, limits),
    dispose: () => Promise.resolve(),
  };
}

class NgramDraftSession implements DraftSession {
  readonly #index: NgramIndex;
  readonly #length: number;
  readonly #limits: ContinuationTrieLimits;
  #disposed = false;

  constructor(index: NgramIndex, length: number, limits: ContinuationTrieLimits) {
    this.#index = index;
    this.#length = length;
    this.#limits = limits;
  }

  /**
   * Indexes the tokens added since the last call. Each call's sequence extends the previous one
   * (the old root is committed first); anything else — checked at the boundary — re-indexes.
   */
  async observe(tokens: readonly number[]): Promise<void> {
    this.#assertOpen();
    assertArgument(tokens.length >= 1, '`tokens` must hold at least the root');
    const seen = this.#index.tokens;
    const extendsPrevious =
      tokens.length >= seen.length &&
      (seen.length === 0 || tokens[seen.length - 1] === seen[seen.length - 1]);
    if (!extendsPrevious) this.#index.clear();
    this.#index.append(tokens.slice(this.#index.tokens.length));
  }

  async draft(_signal?: AbortSignal, options: DraftOptions = {}): Promise<DraftTree> {
    this.#assertOpen();
    const tree = options.tree;
    if (tree) {
      assertTreeOptions(tree, {
        depth: '`tree.depth`',
        topK: '`tree.topK`',
        totalTokens: '`tree.totalTokens`',
      });
    }
    const tokens = this.#index.tokens;
    const root = tokens.at(-1);
    if (root === undefined)
      throw new ConfuError('INVALID_ARGUMENT', 'draft() needs observe() first');
    const length = tree ? tree.depth + 1 : this.#length;
    const limits = tree ? { maxBranches: tree.topK, maxNodes: tree.totalTokens - 1 } : this.#limits;
    const continuations = findContinuations(this.#index, length, maxMatchesPerLength);
    return treeFromContinuations(root, continuations, limits);
  }

  dispose(): void {
    this.#disposed = true;
    this.#index.clear();
  }

  #assertOpen(): void {
    if (this.#disposed)
      throw new ConfuError('SESSION_DISPOSED', 'this n-gram draft session was disposed');
  }
}
