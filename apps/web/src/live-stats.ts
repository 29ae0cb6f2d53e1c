import type { DecodedChunk } from './decoder-protocol.js';

/** What a pane's stats bar shows while tokens stream in. */
export interface LiveStatsSnapshot {
  readonly tokens: number;
  /**
   * Decode tokens/s: tokens after the first ÷ seconds after the first (the prefill left out, as in
   * the engine's `decodeTokensPerSecond`, which replaces the estimate at the end).
   */
  readonly tokensPerSecond: number;
  /** Tokens per target pass after the prefill (1 in plain decoding); undefined before a pass. */
  readonly tau: number | undefined;
  /** Speculative rounds shown (each one target pass). */
  readonly rounds: number;
  /** Accepted draft tokens shown (a last round cut at `maxTokens` counts only what is shown). */
  readonly accepted: number;
  /** Draft tokens verified and rejected. */
  readonly rejected: number;
  readonly final: boolean;
}

/**
 * Running stats of one generation from its chunks. The first chunk with tokens is the prefill's;
 * each later one is one target pass. When the last chunk's engine stats arrive, its tokens/s and
 * tau replace the estimates; the round counts stay those of the chunks, which match what is shown.
 */
export function createLiveStats(now: () => number = () => performance.now()): {
  add(chunk: DecodedChunk): LiveStatsSnapshot;
  snapshot(): LiveStatsSnapshot;
} {
  let tokens = 0;
  let firstTokens = 0;
  let firstAt: number | undefined;
  let passes = 0;
  let rounds = 0;
  let accepted = 0;
  let rejected = 0;
  let final: Pick<LiveStatsSnapshot, 'tokensPerSecond' | 'tau'> | undefined;

  const snapshot = (): LiveStatsSnapshot => {
    const elapsedMs = firstAt === undefined ? 0 : now() - firstAt;
    const decoded = tokens - firstTokens;
    return {
      tokens,
      tokensPerSecond: final?.tokensPerSecond ?? (elapsedMs > 0 ? (decoded * 1000) / elapsedMs : 0),
      tau: final ? final.tau : passes > 0 ? decoded / passes : undefined,
      rounds,
      accepted,
      rejected,
      final: final !== undefined,
    };
  };

  return {
    add(chunk) {
      if (chunk.tokenCount > 0) {
        if (firstAt === undefined) {
          firstAt = now();
          firstTokens = chunk.tokenCount;
        } else {
          passes++;
        }
        tokens += chunk.tokenCount;
      }
      if (chunk.round) {
        rounds++;
        accepted += chunk.round.accepted;
        rejected += chunk.round.rejected;
      }
      if (chunk.stats) {
        final = {
          tokensPerSecond: chunk.stats.decodeTokensPerSecond,
          tau: chunk.stats.targetPasses > 1 ? chunk.stats.acceptanceLength : undefined,
        };
      }
      return snapshot();
    },
    snapshot,
  };
}
