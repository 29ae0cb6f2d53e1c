import type { KvCache } from '@confu/core';
import type { DraftHeadRunner } from './draft-head-runner.js';

import type { ChildCandidates } from '../tree/index.js';

/** The query every root child is drafted from. */
export interface RoundStart {
  /** `[h]` feature paired with the root's children (EAGLE-3: the last catch-up output). */
  readonly hidden: Float32Array;
  /** The root's children: the best draft ids of that query, as target ids. */
  readonly children: ChildCandidates;
}

/** What a round-start hook sees after catch-up. */
export interface RoundStartContext {
  /** The draft cache: `committed` stable rows; rows the hook appends are visible to every query. */
  readonly cache: KvCache;
  readonly runner: DraftHeadRunner;
  /** Draft id → target id. */
  readonly draftToTarget: Int32Array;
  /** Committed positions `n` (= stable rows); the root sits at position `n`. */
  readonly committed: number;
  readonly root: number;
  /** `[3h]` taps of position `n − 1`. */
  readonly lastTaps: Float32Array;
  /** Catch-up output at position `n − 1` (the EAGLE-3 round start). */
  readonly last: RoundStart;
  /** ConFu future prediction from the last `observe`, when given. */
  readonly future: Float32Array | undefined;
  readonly signal: AbortSignal | undefined;
}

/**
 * Prepares a drafting round after catch-up: may append per-round rows to the cache (ConFu's `[f]`)
 * and returns the root query. The default (EAGLE-3) returns `context.last`.
 */
export type RoundStartHook = (context: RoundStartContext) => Promise<RoundStart>;
