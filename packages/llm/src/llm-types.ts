import type {
  Drafter,
  FinishReason,
  GenerationStats,
  Profiler,
  TextModel,
  TreeOptions,
} from '@confu/core';
import type { ChatMessage } from './chat-prompt.js';
import type { DraftMethod } from './draft-choice.js';

/** A prompt: text, ready token ids, or chat messages (rendered with the model's chat template). */
export type LlmInput = string | readonly number[] | readonly ChatMessage[];

/** Sampling, stopping and drafting options of one generation. */
export interface LlmGenerateOptions {
  /** New tokens at most. Default 256. */
  readonly maxTokens?: number;
  /** 0 = greedy. Default 1. */
  readonly temperature?: number;
  readonly topK?: number;
  readonly topP?: number;
  readonly minP?: number;
  readonly repetitionPenalty?: number;
  readonly seed?: number;
  /** Stop strings: generation ends before the first one, which is not part of the text. */
  readonly stop?: string | readonly string[];
  /** Extra stop token ids, besides the tokenizer's end-of-sequence ids. */
  readonly stopTokens?: readonly number[];
  /**
   * The drafting method of this call: the loaded one (default), `'none'` (plain decoding, e.g. a
   * baseline) or `'ngram'` (needs no files). Others must be loaded with `load`.
   */
  readonly method?: DraftMethod;
  /**
   * The draft tree per round: `'auto'` (default; sized from the measured verify cost and the
   * acceptance seen so far) or a fixed shape. Changing it never reloads a head.
   */
  readonly tree?: TreeOptions | 'auto';
  readonly signal?: AbortSignal;
  /** Records where the time goes. */
  readonly profiler?: Profiler;
}

/** {@link GenerationStats} with the drafting method and, when known, the speed-up. */
export interface LlmStats extends GenerationStats {
  readonly method: DraftMethod;
  /**
   * Decode tokens/s of this generation ÷ those of this model's latest plain generation (run one,
   * e.g. with `method: 'none'`, to know it). Absent for plain decoding and until then.
   */
  readonly speedup?: number;
}

/** One streamed piece: text (never half a character), its tokens, and its speculative round. */
export interface LlmChunk {
  readonly text: string;
  readonly tokens: readonly number[];
  /** Draft tokens verified and accepted in the round that produced the chunk (speculative only). */
  readonly round?: { readonly drafted: number; readonly accepted: number };
  /** On the last chunk. */
  readonly finishReason?: FinishReason;
  readonly stats?: LlmStats;
}

/** What {@link Llm.generate} returns. */
export interface LlmResult {
  readonly text: string;
  /** Generated ids (with a stop string, up to the end of the round that reached it). */
  readonly tokens: readonly number[];
  readonly promptTokens: readonly number[];
  /** `stop`: an end-of-sequence token or a stop string; `length`: `maxTokens` or the context. */
  readonly finishReason: FinishReason;
  readonly stats: LlmStats;
}

/** A loaded model and its drafter: what `load` returns in `@confu/node` and `@confu/browser`. */
export interface Llm extends AsyncDisposable {
  readonly model: TextModel;
  /** The loaded drafter; undefined for `method: 'none'`. */
  readonly drafter: Drafter | undefined;
  readonly method: DraftMethod;
  readonly hasChatTemplate: boolean;
  /** The prompt ids a generation would use. */
  encode(input: LlmInput): number[];
  /** Generates to the end and returns text, tokens and stats. */
  generate(input: LlmInput, options?: LlmGenerateOptions): Promise<LlmResult>;
  /** Streams text chunks. */
  stream(input: LlmInput, options?: LlmGenerateOptions): AsyncGenerator<string, void>;
  /** Streams chunks with tokens, rounds and, last, stats. */
  chunks(input: LlmInput, options?: LlmGenerateOptions): AsyncGenerator<LlmChunk, void>;
  /** Frees the drafter and the model. Idempotent. */
  dispose(): Promise<void>;
}
