import type { DecoderInfo } from './decoder-info.js';
import type { KvCache } from './kv-cache.js';

/** Parent of each node in a tree (`-1` for a root); `parents[i] < i`. */
export type ParentList = readonly number[];

/** One pass over new tokens. */
export interface ForwardInput {
  readonly tokens: readonly number[];
  /** Tree structure of the new tokens; default: a chain. */
  readonly parents?: ParentList;
  /** Fetch `hidden_taps` (drafters need them). Default false. */
  readonly taps?: boolean;
  /** What to return per row: full `logits`, or only the `argmax` id (greedy). Default `logits`. */
  readonly outputs?: 'logits' | 'argmax';
  readonly signal?: AbortSignal;
}

/**
 * One pass with explicit layout: `N = S + E` new rows — the `S` tokens, then the `E` rows of
 * `extraEmbeds` — over all `P = cache.length` rows (the reserved prefix included).
 */
export interface ForwardRowsInput {
  /** `S` token ids; may be empty when `extraEmbeds` has rows. */
  readonly tokens: readonly number[];
  /** `[E, h]` embedding rows after the tokens. Default none. Needs a graph with `extra_embeds`. */
  readonly extraEmbeds?: Float32Array;
  /** `N` position ids, each in `[0, contextLength)`. */
  readonly positions: readonly number[];
  /** `[N, P + N]` row-major, 1 = row attends to key; every row must see at least one key. */
  readonly visibility: Uint8Array;
  /** Fetch `hidden_taps`. Default false. */
  readonly taps?: boolean;
  /** As {@link ForwardInput.outputs}. */
  readonly outputs?: 'logits' | 'argmax';
  readonly signal?: AbortSignal;
}

/** Outputs of one pass; new K/V rows are not yet committed to the cache. */
export interface ForwardResult {
  /**
   * `[N, V]` row-major; ids the tokenizer cannot produce are −∞. Empty when the pass asked for
   * `outputs: 'argmax'`.
   */
  readonly logits: Float32Array;
  /** `[N]` each row's most likely id (first on ties), when the pass asked for it. */
  readonly argmax?: Int32Array;
  /** Per layer `[N, KVH·D]`. */
  readonly newKeys: readonly Float32Array[];
  readonly newValues: readonly Float32Array[];
  /** `[N, numTaps·h]` when requested. */
  readonly hiddenTaps?: Float32Array;
}

/** Options of {@link TargetModel.createCache}. */
export interface CreateCacheOptions {
  /**
   * Leading rows kept for a drafter's prefix (write them with `cache.append` before the first
   * pass). They do not count against the context. Default 0.
   */
  readonly reservedRows?: number;
}

/**
 * A target decoder: builds the feeds of the graph contract (positions = committed + depth, mask
 * over past + new) from a {@link KvCache}, and returns the new rows for the caller to commit — all
 * of them after a chain, the accepted path after a tree. `CausalLm` of `@confu/model` implements it.
 */
export interface TargetModel {
  readonly info: DecoderInfo & { readonly extraEmbeds: boolean };
  createCache(options?: CreateCacheOptions): KvCache;
  /** Runs tokens (a chain or a tree) against the committed rows; reserved rows stay invisible. */
  forward(cache: KvCache, input: ForwardInput): Promise<ForwardResult>;
  /** Runs rows with explicit positions and visibility over every row of `cache`. */
  forwardRows(cache: KvCache, input: ForwardRowsInput): Promise<ForwardResult>;
  /** Commits the new rows of `result` (optionally only `rows`, e.g. an accepted tree path). */
  commit(cache: KvCache, result: ForwardResult, rows?: readonly number[]): void;
  dispose(): Promise<void>;
}
