/** A SentencePiece-style vocabulary (`tokenizer.ggml.model = llama`): pieces with `▁` for spaces. */
export interface LlamaGgufVocabulary {
  readonly model: 'llama';
  readonly tokens: readonly string[];
  /** Merge priority per token (higher merges first). */
  readonly scores: Float32Array;
  /** `GgufTokenType` per token. */
  readonly tokenTypes: Int32Array;
  readonly bosTokenId: number;
  readonly eosTokenId: number;
  readonly unknownTokenId: number;
}

/** A byte-level BPE vocabulary (`tokenizer.ggml.model = gpt2`), tokens in GPT-2's byte alphabet. */
export interface Gpt2GgufVocabulary {
  readonly model: 'gpt2';
  /** `tokenizer.ggml.pre`: the pre-tokenizer name llama.cpp knows (`llama-bpe`, `gpt-2`, ...). */
  readonly pre: string;
  readonly tokens: readonly string[];
  readonly tokenTypes: Int32Array;
  /** `"left right"` per merge, highest priority first. */
  readonly merges: readonly string[];
  readonly bosTokenId?: number;
  readonly eosTokenId?: number;
  /** Whether llama.cpp should prepend BOS when tokenizing (`tokenizer.ggml.add_bos_token`). */
  readonly addBosToken: boolean;
}

/** The tokenizer written into a GGUF file. */
export type GgufVocabulary = LlamaGgufVocabulary | Gpt2GgufVocabulary;
