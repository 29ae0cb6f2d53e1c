/** Why a generation ended. */
export type FinishReason = 'stop' | 'length';

/** Speculative-decoding counters of one generation. */
export interface SpeculativeStats {
  /** Draft → verify rounds (target passes after the prefill). */
  readonly rounds: number;
  /** Draft tokens proposed (tree nodes after the root), summed over rounds. */
  readonly drafted: number;
  /** Draft tokens accepted, summed over rounds. */
  readonly accepted: number;
  /** Fraction of rounds that accepted at least d draft tokens, for d = 1, 2, ... (index d − 1). */
  readonly acceptanceRateByDepth: readonly number[];
  /** Wall time in the drafter (catch-up + tree). */
  readonly draftMs: number;
  /** Wall time in target verification passes. */
  readonly verifyMs: number;
  /** Everything else in the rounds: acceptance math, sampling, KV commits, glue. */
  readonly hostMs: number;
  /** hostMs ÷ total round time. */
  readonly hostFraction: number;
}

/** Counters and timings of one generation. Times are wall-clock milliseconds. */
export interface GenerationStats {
  readonly promptTokens: number;
  readonly generatedTokens: number;
  /** Forward passes of the target model, prefill included. */
  readonly targetPasses: number;
  /**
   * Mean acceptance length tau: tokens committed per target pass after the prefill, the bonus token
   * included (1 for plain decoding).
   */
  readonly acceptanceLength: number;
  readonly prefillMs: number;
  readonly decodeMs: number;
  /** Time to the first generated token, prefill included. */
  readonly timeToFirstTokenMs: number;
  /** Generated tokens ÷ (prefill + decode) seconds. */
  readonly tokensPerSecond: number;
  /** Generated tokens after the first ÷ decode seconds. */
  readonly decodeTokensPerSecond: number;
  /** Present when a drafter was used. */
  readonly speculative?: SpeculativeStats;
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
