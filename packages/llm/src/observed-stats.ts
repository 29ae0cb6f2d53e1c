import type { GenerationStats } from '@confu/core';

/** Times of a generation seen from outside the engine (ms, one clock). */
export interface ObservedTimes {
  readonly startMs: number;
  /** When the first token arrived. */
  readonly firstMs: number;
  readonly endMs: number;
}

/**
 * Stats of a generation cut short by a stop string (the engine's own arrive with its last chunk):
 * counts from the chunks, times from the caller's clock, no per-round split.
 */
export function observedStats(
  counts: { promptTokens: number; generatedTokens: number; targetPasses: number },
  times: ObservedTimes,
): GenerationStats {
  const { promptTokens, generatedTokens, targetPasses } = counts;
  const prefillMs = Math.max(0, times.firstMs - times.startMs);
  const decodeMs = Math.max(0, times.endMs - times.firstMs);
  const rounds = targetPasses - 1;
  return {
    promptTokens,
    generatedTokens,
    targetPasses,
    acceptanceLength: rounds > 0 ? (generatedTokens - 1) / rounds : 1,
    prefillMs,
    decodeMs,
    timeToFirstTokenMs: prefillMs,
    tokensPerSecond: rate(generatedTokens, prefillMs + decodeMs),
    decodeTokensPerSecond: rate(generatedTokens - 1, decodeMs),
  };
}

function rate(tokens: number, ms: number): number {
  return ms > 0 && tokens > 0 ? (tokens * 1000) / ms : 0;
}
