import type { KvCache } from '@confu/runtime';

/**
 * What data generation needs of a frozen target decoder: structurally a subset of `CausalLm`
 * from `@confu/model`, so this package does not depend on it.
 */
export interface TargetLm {
  readonly info: {
    readonly vocabSize: number;
    readonly hiddenSize: number;
    /** Hidden states tapped per position (3 for EAGLE-3: low, mid, high). */
    readonly numTaps: number;
    readonly contextLength: number;
  };
  createCache(): KvCache;
  forward(
    cache: KvCache,
    input: {
      readonly tokens: readonly number[];
      readonly taps?: boolean;
      readonly signal?: AbortSignal;
    },
  ): Promise<{ readonly logits: Float32Array; readonly hiddenTaps?: Float32Array }>;
}

/** One streamed piece of a target generation (`GenerationChunk` of `@confu/engine`). */
export interface TargetGenerationChunk {
  readonly tokens: readonly number[];
  readonly finishReason?: 'stop' | 'length';
}

/**
 * A frozen target with its tokenizer and sampler loop: structurally a subset of `TextModel` from
 * `@confu/engine` (what `loadModel` of `@confu/node` returns).
 */
export interface TargetTextModel {
  readonly lm: TargetLm;
  readonly tokenizer: {
    /** Ids that end generation; the one that stopped it is appended to a record when unique. */
    readonly eosTokenIds: readonly number[];
  };
  /** Prompt text to ids, special tokens (BOS) included, as `generate` encodes it. */
  encode(prompt: string): number[];
  generate(options: {
    readonly prompt: readonly number[];
    readonly maxTokens: number;
    readonly temperature?: number;
    readonly seed?: number;
    readonly signal?: AbortSignal;
  }): AsyncIterable<TargetGenerationChunk>;
}
