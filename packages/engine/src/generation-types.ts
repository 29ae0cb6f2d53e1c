/** Why a generation ended. */
export type FinishReason = 'stop' | 'length';

/** Counters and timings of one generation. Times are wall-clock milliseconds. */
export interface GenerationStats {
  readonly promptTokens: number;
  readonly generatedTokens: number;
  /** Forward passes of the target model, prefill included. */
  readonly targetPasses: number;
  /** Generated tokens per target pass, the prefill pass included (tau; 1 for plain decoding). */
  readonly acceptanceLength: number;
  readonly prefillMs: number;
  readonly decodeMs: number;
  /** Time to the first generated token, prefill included. */
  readonly timeToFirstTokenMs: number;
  /** Generated tokens ÷ (prefill + decode) seconds. */
  readonly tokensPerSecond: number;
  /** Generated tokens after the first ÷ decode seconds. */
  readonly decodeTokensPerSecond: number;
}

/**
 * One streamed piece of output: the tokens committed since the previous chunk. The last chunk
 * has `finishReason` and `stats` (and possibly no tokens).
 */
export interface GenerationChunk {
  readonly tokens: readonly number[];
  readonly finishReason?: FinishReason;
  readonly stats?: GenerationStats;
}
