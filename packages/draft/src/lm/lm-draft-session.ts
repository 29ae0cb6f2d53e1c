import { ConfuError, assertArgument } from '@confu/errors';
import type {
  DraftOptions,
  DraftSession,
  DraftTree,
  KvCache,
  TargetModel,
  TreeOptions,
} from '@confu/core';
import { buildDynamicTree } from '../tree/build-dynamic-tree.js';
import { assertTreeOptions } from '../tree/tree-options.js';
import { chainTree } from '../tree/chain-tree.js';
import { createLmTreeExpand } from './lm-tree-expand.js';

/** A {@link DraftSession} of the small-LM drafter; `cacheLength` exposes its cache for tests. */
export interface LmDraftSession extends DraftSession {
  /** Rows in the draft KV cache: every observed token, root included, between calls. */
  readonly cacheLength: number;
}

/**
 * Alignment (as EAGLE's `stable_kv`, confu-spec.md §5.3): the draft cache holds every observed
 * token *including the root*, and the logits after the root are kept from that catch-up pass, so
 * a round costs one catch-up pass plus one pass per expanded depth. The root's row stays valid
 * next round because the target always commits the root.
 */
export class LmSession implements LmDraftSession {
  readonly #model: TargetModel;
  readonly #tree: TreeOptions;
  readonly #cache: KvCache;
  /** Tokens whose rows are in the cache, in order. */
  #tokens: readonly number[] = [];
  #root: number | undefined;
  /** Logits after the cache's last row, while they are current. */
  #rootLogits: Float32Array | undefined;
  #disposed = false;

  constructor(model: TargetModel, tree: TreeOptions) {
    this.#model = model;
    this.#tree = tree;
    this.#cache = model.createCache();
  }

  get cacheLength(): number {
    return this.#cache.length;
  }

  /**
   * Runs the draft model over the tokens it has not seen (those after the longest prefix shared
   * with the previous call, so a rewound sequence also works). Past the draft context it stops
   * following and later drafts are the bare root.
   */
  async observe(
    tokens: readonly number[],
    _features: unknown,
    signal?: AbortSignal,
  ): Promise<void> {
    this.#assertOpen();
    assertArgument(tokens.length >= 1, '`tokens` must hold at least the root');
    const root = tokens.at(-1) as number;
    let keep = 0;
    while (
      keep < this.#tokens.length &&
      keep < tokens.length &&
      this.#tokens[keep] === tokens[keep]
    )
      keep++;
    const current =
      this.#rootLogits !== undefined && keep === tokens.length && keep === this.#tokens.length;
    this.#root = root;
    if (current) return;
    // The root's logits must be recomputed: feed at least the last token.
    keep = Math.min(keep, tokens.length - 1);
    this.#cache.truncate(keep);
    this.#tokens = tokens.slice(0, keep);
    this.#rootLogits = undefined;
    if (tokens.length > this.#model.info.contextLength) return;
    const fresh = tokens.slice(keep);
    const result = await this.#model.forward(this.#cache, {
      tokens: fresh,
      ...(signal ? { signal } : {}),
    });
    this.#model.commit(this.#cache, result);
    this.#tokens = [...tokens];
    const vocab = this.#model.info.vocabSize;
    this.#rootLogits = result.logits.slice((fresh.length - 1) * vocab, fresh.length * vocab);
  }

  /** Grows the tree with the draft model, then truncates the cache back to the observed tokens. */
  async draft(signal?: AbortSignal, options: DraftOptions = {}): Promise<DraftTree> {
    this.#assertOpen();
    const tree = options.tree ?? this.#tree;
    if (options.tree) {
      assertTreeOptions(tree, {
        depth: '`tree.depth`',
        topK: '`tree.topK`',
        totalTokens: '`tree.totalTokens`',
      });
    }
    const root = this.#root;
    if (root === undefined)
      throw new ConfuError('INVALID_ARGUMENT', 'draft() needs observe() first');
    const rootLogits = this.#rootLogits;
    if (!rootLogits) return chainTree(root, []);
    const observed = this.#cache.length;
    try {
      const expand = createLmTreeExpand({
        model: this.#model,
        cache: this.#cache,
        rootLogits,
        topK: tree.topK,
        lastDepth: tree.depth,
        ...(signal ? { signal } : {}),
      });
      return await buildDynamicTree(root, tree, expand);
    } finally {
      this.#cache.truncate(observed);
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#cache.clear();
    this.#tokens = [];
    this.#rootLogits = undefined;
  }

  #assertOpen(): void {
    if (this.#disposed)
      throw new ConfuError('SESSION_DISPOSED', 'this LM draft session was disposed');
  }
}
