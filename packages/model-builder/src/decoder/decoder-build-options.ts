import type { ModelDtype } from '@confu/core';

/** How {@link buildDecoderModel} shapes the graph. */
export interface DecoderBuildOptions {
  /**
   * How matrices are stored: `fp32` (default), `fp16` (cast to float32 where used), or `q8` / `q4`
   * block-quantised (ggml q8_0 / q4_0 codes, `MatMulNBits` / `GatherBlockQuantized`). Norms and
   * vectors stay float32.
   */
  readonly dtype?: ModelDtype;
  /** `MatMulNBits` `accuracy_level` for q8 / q4 (0 exact float32 compute, 4 int8). Default 4. */
  readonly accuracyLevel?: number;
  /**
   * Storage of the token embedding and LM head. Default: q8 when `dtype` is q4 (as llama.cpp keeps
   * its output matrix at higher precision: a small model's logits suffer most from 4 bits), else
   * `dtype`.
   */
  readonly embeddingDtype?: ModelDtype;
  /** Token ids (`input_ids`) or embeddings (`inputs_embeds`) as input. Default `'ids'`. */
  readonly inputs?: 'ids' | 'embeds';
  /**
   * Adds the input `extra_embeds` `[1, E, h]`: `E` embedding rows appended after the `S` token
   * rows, so a pass has `S + E` new rows (ConFu soft prompt and contemplate tokens). `E = 0` and
   * `S = 0` both work. Default `true`, so every converted target can run ConFu; plain decoding
   * feeds a `[1, 0, h]` tensor.
   */
  readonly extraEmbeds?: boolean;
  /** `attention_mask` as float additive (0 / -Infinity) or bool (true = attend). Default `'additive'`. */
  readonly maskType?: 'additive' | 'bool';
  /** Layers whose input hidden states form `hidden_taps`. Default {@link defaultTapLayers}. */
  readonly tapLayers?: readonly number[];
  /**
   * `'onnx'`: opset-23 `RotaryEmbedding` and `RMSNormalization` (fastest).
   * `'plain'`: the same maths from elementary differentiable ops, for training graphs. Attention is
   * the same batch-invariant MatMul / Softmax form in both (see `graphAttention`). Default `'onnx'`.
   */
  readonly attention?: 'onnx' | 'plain';
  /** `location` of the external weights file. Default `'model.onnx.data'`. */
  readonly externalDataPath?: string;
  /**
   * Ids `≥ validVocabSize` (embedding rows the tokenizer never produces: padded vocabularies,
   * expanded checkpoints) get logit −∞, so no decoding mode can pick them. Default: all valid.
   */
  readonly validVocabSize?: number;
}
