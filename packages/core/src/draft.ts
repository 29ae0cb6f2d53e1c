import type { KvRows } from './kv-cache.js';
import type { ParentList, TargetModel } from './target-model.js';

/**
 * Candidate continuations proposed by a drafter. Node 0 is the root: the last token the target
 * sampled, which is not yet in the target KV cache. Every other node is a candidate token whose
 * parent comes before it (topological order), so `parents[0] === -1` and `parents[i] < i`.
 * A chain is the tree with `parents = [-1, 0, 1, ...]`.
 */
export interface DraftTree {
  /** Token ids, `tokens[0]` = the root. */
  readonly tokens: readonly number[];
  readonly parents: ParentList;
  /**
   * Draft confidence per node (cumulative log-probability; root 0), used to order siblings for
   * stochastic verification (highest first). Optional: tree order is used without it.
   */
  readonly scores?: readonly number[];
}

/** Shape of an EAGLE-2 dynamic tree (confu-spec.md §5.1). */
export interface TreeOptions {
  /** Expansion steps after the first draft step; the deepest node is at depth `depth + 1`. */
  readonly depth: number;
  /** Children per expanded node, and nodes expanded per depth. */
  readonly topK: number;
  /** Nodes in the tree, root included (EAGLE `total_token`). */
  readonly totalTokens: number;
}

/** A target pass as a drafter sees it when planning extra rows for it. */
export interface TargetPass {
  /** `prefill`: the prompt as a chain; `round`: a draft tree being verified. */
  readonly phase: 'prefill' | 'round';
  /** The pass rows: the prompt tokens as a chain, or the draft tree (already fitted to the context). */
  readonly tree: DraftTree;
}

/**
 * Extra rows a drafting method adds to a target pass (e.g. ConFu's contemplate tokens). They follow
 * the pass rows, which never see them — so the pass rows' logits, K/V and taps are those of a plain
 * pass and losslessness is untouched — and they are never committed. Extra row `e` sees the
 * committed rows, the ancestors-or-self of pass row `attachTo[e]`, itself, and (with `seePrefix`)
 * the drafter's prefix rows; its position is that pass row's position plus `positionOffset`.
 */
export interface TargetPassPlan {
  /** `[E, h]` input embeddings of the extra rows. */
  readonly embeds: Float32Array;
  /** `E` pass-row indices the extra rows extend. */
  readonly attachTo: readonly number[];
  /** Default 1: one position past the attached row. */
  readonly positionOffset?: number;
  /** Whether extra rows see the prefix from {@link Drafter.targetPrefix}. Default false. */
  readonly seePrefix?: boolean;
  /** Return the extra rows' hidden-state taps in {@link TargetFeatures.planTaps}. Default false. */
  readonly taps?: boolean;
}

/** What the drafter receives after each target pass. */
export interface TargetFeatures {
  /**
   * `[k, numTaps·h]`: hidden-state taps of the `k` positions committed by the pass (EAGLE-3 pairs
   * the feature of position i with the token at i + 1). Present when `requirements.taps`.
   */
  readonly taps?: Float32Array;
  /** Pass rows accepted in a round, root first (absent after the prefill, which commits all). */
  readonly path?: readonly number[];
  /** `[E, numTaps·h]` taps of the plan's extra rows, in plan order, when the plan asked for them. */
  readonly planTaps?: Float32Array;
  /** `attachTo` of the plan that ran (with `planTaps`). */
  readonly planRows?: readonly number[];
}

/** What a drafter needs the verifier to fetch from the target. */
export interface DrafterRequirements {
  /** Fetch `hidden_taps` of committed positions (EAGLE-3, ConFu). */
  readonly taps: boolean;
}

/** Options of one {@link DraftSession.draft} call. */
export interface DraftOptions {
  /** The tree shape for this round (a drafter's default when absent). */
  readonly tree?: TreeOptions;
}

/** Per-request drafting state (one per generation, so requests never share caches). */
export interface DraftSession {
  /**
   * Reports the committed sequence: `tokens` holds every token in the target cache followed by the
   * root (the last element: sampled by the target, not yet run through it). `features` cover the
   * positions committed since the previous call (the whole prompt on the first call).
   */
  observe(tokens: readonly number[], features: TargetFeatures, signal?: AbortSignal): Promise<void>;
  /** Proposes a tree rooted at the last observed token. */
  draft(signal?: AbortSignal, options?: DraftOptions): Promise<DraftTree>;
  /** Extra rows for the next target pass (see {@link TargetPassPlan}); none when absent. */
  planPass?(pass: TargetPass): TargetPassPlan | undefined;
  /** Releases per-request resources (caches). */
  dispose(): void;
}

/** A source of draft trees: n-gram lookup, a small LM, an EAGLE-3 or ConFu head. */
export interface Drafter {
  /** `ngram`, `lm`, `eagle3`, `confu`, ... */
  readonly kind: string;
  readonly requirements: DrafterRequirements;
  /**
   * Rows this drafter keeps at the front of `target`'s cache (e.g. ConFu's soft prompt), computed
   * once per target. They are hidden from every pass row and take no position; plan rows with
   * `seePrefix` see them.
   */
  targetPrefix?(target: TargetModel, signal?: AbortSignal): Promise<KvRows>;
  /** Starts drafting for one generation. */
  createSession(): DraftSession;
  /** Releases shared resources (head sessions). */
  dispose(): Promise<void>;
}
