/**
 * Architecture of a Llama-family decoder (Llama, Mistral, Qwen2, Qwen3, llama2.c), independent of
 * the checkpoint format it came from.
 */
export interface DecoderConfig {
  readonly hiddenSize: number;
  readonly intermediateSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly numKvHeads: number;
  /** Usually hiddenSize / numHeads; Qwen3 sets it explicitly. */
  readonly headDim: number;
  readonly vocabSize: number;
  /** Maximum positions (llama2.c `seq_len`, HF `max_position_embeddings`). */
  readonly contextLength: number;
  readonly ropeTheta: number;
  readonly rmsNormEps: number;
  /** The output head reuses the token embedding matrix. */
  readonly tiedEmbeddings: boolean;
  /** q/k/v projections carry biases (Qwen2). */
  readonly qkvBias: boolean;
  /** Per-head RMSNorm on q and k before RoPE (Qwen3). */
  readonly qkNorm: boolean;
  /** HF `rope_scaling` of type `llama3` (Llama 3.1+); absent means plain RoPE. */
  readonly ropeScaling?: {
    readonly type: 'llama3';
    readonly factor: number;
    readonly lowFreqFactor: number;
    readonly highFreqFactor: number;
    readonly originalMaxPositionEmbeddings: number;
  };
}

/**
 * Weights of one decoder layer, float32, PyTorch `Linear` layout `[out, in]` row-major.
 * RoPE convention: Hugging Face "rotate_half" (pairs `(i, i + D/2)` within a head); importers of
 * interleaved checkpoints (llama2.c) permute the rows of `wq`/`wk` to match.
 */
export interface LayerWeights {
  /** `[h]` RMSNorm before attention. */
  readonly attentionNorm: Float32Array;
  /** `[numHeads·D, h]` */
  readonly wq: Float32Array;
  /** `[numKvHeads·D, h]` */
  readonly wk: Float32Array;
  /** `[numKvHeads·D, h]` */
  readonly wv: Float32Array;
  /** `[h, numHeads·D]` */
  readonly wo: Float32Array;
  readonly bq?: Float32Array;
  readonly bk?: Float32Array;
  readonly bv?: Float32Array;
  /** `[D]` Qwen3 q/k norms. */
  readonly qNorm?: Float32Array;
  readonly kNorm?: Float32Array;
  /** `[h]` RMSNorm before the MLP. */
  readonly mlpNorm: Float32Array;
  /** `[I, h]` SwiGLU gate (llama2.c w1). */
  readonly wGate: Float32Array;
  /** `[I, h]` SwiGLU up (llama2.c w3). */
  readonly wUp: Float32Array;
  /** `[h, I]` SwiGLU down (llama2.c w2). */
  readonly wDown: Float32Array;
}

/** A complete decoder in memory, ready for the graph builder and the reference forward pass. */
export interface DecoderWeights {
  readonly config: DecoderConfig;
  /** `[V, h]` */
  readonly embedding: Float32Array;
  readonly layers: readonly LayerWeights[];
  /** `[h]` */
  readonly finalNorm: Float32Array;
  /** `[V, h]`; absent when `config.tiedEmbeddings`. */
  readonly lmHead?: Float32Array;
  /** Where the weights came from; set by importers, copied into the `DecoderSpec`. */
  readonly source?: { readonly kind: 'llama2c' | 'huggingface'; readonly name: string };
  /** Token id prompts start with, when the model uses one (llama2.c: 1). */
  readonly bosTokenId?: number;
  /** Token ids that end generation (llama2.c stops when it samples BOS: `[1]`). */
  readonly eosTokenIds?: readonly number[];
  /**
   * Tap layers the checkpoint records (`confu.tap_layers` in config.json, e.g. an expanded model
   * keeps its original's); graph builders use them instead of the default rule.
   */
  readonly tapLayers?: readonly number[];
}
