import { ConfuError, assertArgument } from '@confu/errors';
import type {
  DraftOptions,
  DraftSession,
  DraftTree,
  KvCache,
  TargetFeatures,
  TreeOptions,
} from '@confu/core';
import { ROOT_ID, assertTreeOptions, buildDynamicTree } from '../tree/index.js';
import type { ChildCandidates, ExpandFunction, FrontierNode } from '../tree/index.js';
import type { DraftHeadRunner } from './draft-head-runner.js';
import type { RoundStart, RoundStartHook } from './round-start.js';
import { draftVocabTopK } from './draft-vocab-top-k.js';
import { VisibilityMask } from './visibility-mask.js';

// Bounds the rows of one catch-up pass (a long prompt is caught up in chunks).
const catchUpChunk = 64;

/** Shared, read-only parts of every session of one drafter. */
export interface HeadSessionContext {
  readonly runner: DraftHeadRunner;
  readonly tree: TreeOptions;
  /** Draft id → target id (`i + d2t[i]`). */
  readonly draftToTarget: Int32Array;
  readonly createCache: () => KvCache;
  /** Default: EAGLE-3 (no per-round rows). */
  readonly roundStart?: RoundStartHook;
}

/**
 * Target features plus a future prediction `f` `[3h]` for the round-start hook (ConFu derives it
 * from its plan's extra rows and passes it on).
 */
export interface HeadFeatures extends TargetFeatures {
  readonly future?: Float32Array;
}

/**
 * An EAGLE-3 drafting session (confu-spec.md §5.2–§5.5). The draft cache holds `stable_kv`: row
 * `i` pairs the target feature of position `i` with the embedding of token `i + 1` (§4.4) at RoPE
 * position `i`. Each round appends tree rows (and per-round rows of the hook) and truncates them
 * away afterwards.
 */
export class Eagle3DraftSession implements DraftSession {
  readonly #context: HeadSessionContext;
  readonly #cache: KvCache;
  #root: number | undefined;
  #last: RoundStart | undefined;
  #lastTaps: Float32Array | undefined;
  #future: Float32Array | undefined;
  #disposed = false;

  constructor(context: HeadSessionContext) {
    this.#context = context;
    this.#cache = context.createCache();
  }

  /** `[3h]` taps of the last committed position (ConFu's `[con]` router input), once observed. */
  get lastTaps(): Float32Array | undefined {
    return this.#lastTaps;
  }

  async observe(
    tokens: readonly number[],
    features: HeadFeatures,
    signal?: AbortSignal,
  ): Promise<void> {
    this.#checkOpen();
    const { hiddenSize: h, vocabSize: V } = this.#context.runner.config;
    const committed = tokens.length - 1;
    assertArgument(committed >= 0, 'observe() needs at least the root token');
    const bad = tokens.find((token) => !Number.isInteger(token) || token < 0 || token >= V);
    assertArgument(bad === undefined, `observe(): token ${bad} is outside the vocabulary of ${V}`);
    const taps = features.taps ?? new Float32Array(0);
    const count = taps.length / (3 * h);
    const fed = this.#cache.length;
    assertArgument(
      Number.isInteger(count) && fed + count === committed,
      `observe(): ${taps.length} tap floats (${3 * h} per position) after ${fed} positions do not cover the ${committed} committed positions`,
    );
    const root = tokens[committed] as number;
    assertArgument(
      count > 0 || this.#root === undefined || root === this.#root,
      'observe(): the root changed without new taps',
    );
    if (features.future !== undefined) {
      assertArgument(
        features.future.length === 3 * h,
        `observe(): \`future\` must hold ${3 * h} floats`,
      );
    }
    this.#future = features.future?.slice();
    this.#root = root;
    for (let start = 0; start < count; start += catchUpChunk) {
      const rows = Math.min(catchUpChunk, count - start);
      await this.#catchUp(tokens, taps.subarray(start * 3 * h, (start + rows) * 3 * h), signal);
    }
    if (count > 0) this.#lastTaps = taps.slice((count - 1) * 3 * h);
  }

  async draft(signal?: AbortSignal, options: DraftOptions = {}): Promise<DraftTree> {
    this.#checkOpen();
    const tree = options.tree ?? this.#context.tree;
    if (options.tree) checkRoundTree(options.tree, this.#context.runner.topK);
    const root = this.#root;
    if (root === undefined)
      throw new ConfuError('INVALID_ARGUMENT', 'draft() called before observe()');
    const last = this.#last;
    const lastTaps = this.#lastTaps;
    // Nothing committed yet (empty prompt): no feature to draft from.
    if (!last || !lastTaps) return { tokens: [root], parents: [-1], scores: [0] };
    const committed = this.#cache.length;
    const { runner, roundStart } = this.#context;
    try {
      const start = roundStart
        ? await roundStart({
            cache: this.#cache,
            runner,
            draftToTarget: this.#context.draftToTarget,
            committed,
            root,
            lastTaps,
            last,
            future: this.#future,
            signal,
          })
        : last;
      const expand = this.#createExpand(start, committed, tree, signal);
      return await buildDynamicTree(root, tree, expand);
    } finally {
      this.#cache.truncate(committed);
    }
  }

  dispose(): void {
    this.#disposed = true;
    this.#cache.clear();
  }

  /** Runs the pairs (feature of position i, token i + 1) for the next `taps` rows into the cache. */
  async #catchUp(
    tokens: readonly number[],
    taps: Float32Array,
    signal?: AbortSignal,
  ): Promise<void> {
    const { runner } = this.#context;
    const { hiddenSize: h } = runner.config;
    const rows = taps.length / (3 * h);
    const past = this.#cache.length;
    const mask = new VisibilityMask(rows, past + rows);
    for (let row = 0; row < rows; row++) mask.show(row, 0, past + row + 1);
    const positions = Array.from({ length: rows }, (_, row) => past + row);
    const out = await runner.run(
      this.#cache,
      {
        tokens: positions.map((position) => tokens[position + 1] as number),
        taps,
        positions,
        mask,
      },
      signal,
    );
    this.#cache.append([out.newKeys], [out.newValues]);
    this.#last = {
      hidden: out.hiddenOut.slice((rows - 1) * h),
      children: draftVocabTopK(out, rows - 1, this.#context.draftToTarget),
    };
  }

  /**
   * The tree's expand function: the root's children come from `start`; every later frontier node
   * runs as one row paired with its parent's output feature, at position `n + depth − 1`, seeing
   * the stable and per-round rows plus its ancestors' tree rows (§5.4).
   */
  #createExpand(
    start: RoundStart,
    committed: number,
    tree: TreeOptions,
    signal?: AbortSignal,
  ): ExpandFunction {
    const { runner, draftToTarget } = this.#context;
    const { hiddenSize: h } = runner.config;
    const shared = this.#cache.length;
    const rowOf = new Map<number, number>();
    const parentOf = new Map<number, number>();
    const hiddenOf = new Map<number, Float32Array>([[ROOT_ID, start.hidden]]);
    return async (frontier: readonly FrontierNode[]): Promise<ChildCandidates[]> => {
      if (frontier.length === 1 && frontier[0]?.id === ROOT_ID) {
        return [start.children];
      }
      const past = this.#cache.length;
      const mask = new VisibilityMask(frontier.length, past + frontier.length);
      const hidden = new Float32Array(frontier.length * h);
      frontier.forEach((node, row) => {
        mask.show(row, 0, shared);
        mask.show(row, past + row);
        for (let id = node.parentId; id !== ROOT_ID; id = parentOf.get(id) ?? ROOT_ID) {
          mask.show(row, rowOf.get(id) as number);
        }
        hidden.set(hiddenOf.get(node.parentId) as Float32Array, row * h);
      });
      const out = await runner.run(
        this.#cache,
        {
          tokens: frontier.map((node) => node.token),
          hidden,
          positions: frontier.map((node) => committed + node.depth - 1),
          mask,
        },
        signal,
      );
      this.#cache.append([out.newKeys], [out.newValues]);
      frontier.forEach((node, row) => {
        rowOf.set(node.id, past + row);
        parentOf.set(node.id, node.parentId);
        hiddenOf.set(node.id, out.hiddenOut.slice(row * h, (row + 1) * h));
      });
      return frontier.map((_, row) => draftVocabTopK(out, row, draftToTarget));
    };
  }

  #checkOpen(): void {
    if (this.#disposed) throw new ConfuError('SESSION_DISPOSED', 'this draft session was disposed');
  }
}

/** A per-round tree must fit the candidates the head graph ranks per row. */
function checkRoundTree(tree: TreeOptions, rankedPerRow: number): void {
  assertTreeOptions(tree, {
    depth: '`tree.depth`',
    topK: '`tree.topK`',
    totalTokens: '`tree.totalTokens`',
  });
  assertArgument(
    tree.topK <= rankedPerRow,
    `\`tree.topK\` ${tree.topK} exceeds the ${rankedPerRow} candidates the head ranks per row`,
  );
}
