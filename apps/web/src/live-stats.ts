import type { DecodedChunk } from './decoder-protocol.js';

/** What the stats bar shows while tokens stream in. */
export interface LiveStatsSnapshot {
  readonly tokens: number;
  readonly elapsedMs: number;
  readonly tokensPerSecond: number;
  /** Tokens per target pass after the prefill (1 in plain decoding); undefined before a round. */
  readonly tau: number | undefined;
  /** Draft → verify rounds (speculative) or decode steps (plain) so far. */
  readonly rounds: number;
  readonly accepted: number;
  readonly final: boolean;
}

/**
 * Running tokens/s and tau of one generation from its chunks. The first chunk is the prefill's
 * token; each later chunk with tokens is one target pass. The last chunk's engine stats replace the
 * estimates when they arrive.
 */
export function createLiveStats(now: () => number = () => performance.now()): {
  add(chunk: DecodedChunk): LiveStatsSnapshot;
  snapshot(): LiveStatsSnapshot;
} {
  const started = now();
  let tokens = 0;
  let chunks = 0;
  let accepted = 0;
  let final: LiveStatsSnapshot | undefined;

  const snapshot = (): LiveStatsSnapshot => {
    if (final) return final;
    const elapsedMs = now() - started;
    const rounds = Math.max(0, chunks - 1);
    return {
      tokens,
      elapsedMs,
      tokensPerSecond: elapsedMs > 0 ? (tokens * 1000) / elapsedMs : 0,
      tau: rounds > 0 ? (tokens - Math.min(tokens, 1)) / rounds : undefined,
      rounds,
      accepted,
      final: false,
    };
  };

  return {
    add(chunk) {
      tokens += chunk.tokenCount;
      accepted += chunk.acceptedCount;
      if (chunk.tokenCount > 0) chunks++;
      const { stats } = chunk;
      if (stats) {
        final = {
          tokens: stats.generatedTokens,
          elapsedMs: stats.prefillMs + stats.decodeMs,
          tokensPerSecond: stats.tokensPerSecond,
          tau: stats.targetPasses > 1 ? stats.acceptanceLength : undefined,
          rounds: stats.targetPasses - 1,
          accepted: stats.speculative?.accepted ?? 0,
          final: true,
        };
      }
      return snapshot();
    },
    snapshot,
  };
}
