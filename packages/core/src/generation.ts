import type { Drafter, TreeOptions } from './draft.js';
import type { Profiler } from './profiler.js';
import type { TargetModel } from './target-model.js';
import type { Tokenizer } from './tokenizer.js';

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
  /** Mean nodes (root included) and depth of the verified trees: the shape the rounds used. */
  readonly meanTreeTokens: number;
  readonly meanTreeDepth: number;
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
  /**
   * The speculative round that produced this chunk (absent for the prefill's token and in plain
   * decoding): draft tokens verified, and how many of them the target accepted. The chunk's
   * tokens are those accepted drafts, then the target's own (bonus) token, cut at a stop.
   */
  readonly round?: { readonly drafted: number; readonly accepted: number };
  readonly finishReason?: FinishReason;
  readonly stats?: GenerationStats;
}

/** Sampling and stopping options of {@link TextModel.generate}. */
export interface TextGenerateOptions {
  /** Text (encoded with the tokenizer's special tokens) or ready token ids. */
  readonly prompt: string | readonly number[];
  readonly maxTokens: number;
  /** 0 = greedy. Default 1. */
  readonly temperature?: number;
  readonly topK?: number;
  readonly topP?: number;
  readonly minP?: number;
  readonly repetitionPenalty?: number;
  readonly seed?: number;
  /** Extra stop token ids, besides the tokenizer's end-of-sequence tokens. */
  readonly stopTokens?: readonly number[];
  readonly signal?: AbortSignal;
  /** Speculative decoding with this drafter; plain decoding when absent. */
  readonly drafter?: Drafter;
  /**
   * The draft tree per round: a fixed shape, or `'auto'` — the size and depth that maximise
   * expected tokens per second on this machine, from the measured verify cost and the acceptance
   * seen so far (stats report the shape used). Default: the drafter's own shape. With `'auto'`,
   * seeded sampling (temperature > 0) is exact in distribution but not repeatable run to run.
   */
  readonly tree?: TreeOptions | 'auto';
  /** Records where the time goes (`confu bench --profile`). */
  readonly profiler?: Profiler;
}

/** A generation chunk with the text its tokens completed (never half a character). */
export interface TextChunk extends GenerationChunk {
  readonly text: string;
}

/** A tokenizer and a target model, generating text. Platform packages create it. */
export interface TextModel {
  readonly tokenizer: Tokenizer;
  readonly lm: TargetModel;
  /** The prompt ids `generate` would use. */
  encode(prompt: string | readonly number[]): number[];
  generate(options: TextGenerateOptions): AsyncGenerator<TextChunk, void>;
  dispose(): Promise<void>;
}
