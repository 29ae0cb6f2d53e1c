/**
 * Largest architecture accepted from a config or header, checked before anything is sized by it
 * (RoPE tables, embeddings, KV caches). Each is far above real checkpoints (Llama 3.1 405B:
 * 126 layers, hidden 16384, vocabulary 128256; Qwen2.5-1M: 1,010,000 positions) and far below
 * what turns a 14 KB file into gigabytes of tables.
 */
export const decoderLimits = {
  contextLength: 1 << 20,
  vocabSize: 1 << 22,
  hiddenSize: 1 << 16,
  intermediateSize: 1 << 18,
  numLayers: 1024,
  numHeads: 1024,
  headDim: 1024,
  /** `contextLength × headDim`: the size of one RoPE table (Qwen2.5-1M: 1.29e8). */
  ropeTableElements: 1 << 28,
} as const;

/** The fields of a decoder or draft-head config that {@link decoderLimits} bound. */
export interface LimitedDecoderFields {
  readonly contextLength: number;
  readonly vocabSize: number;
  readonly hiddenSize: number;
  readonly intermediateSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly numKvHeads: number;
  readonly headDim: number;
}

/** Config names of the bounded fields, for messages. */
export type DecoderFieldNames = Readonly<Record<keyof LimitedDecoderFields, string>>;

/** Hugging Face `config.json` names. */
export const huggingFaceFieldNames: DecoderFieldNames = {
  contextLength: 'max_position_embeddings',
  vocabSize: 'vocab_size',
  hiddenSize: 'hidden_size',
  intermediateSize: 'intermediate_size',
  numLayers: 'num_hidden_layers',
  numHeads: 'num_attention_heads',
  numKvHeads: 'num_key_value_heads',
  headDim: 'head_dim',
};

/**
 * Calls `fail` with a message naming the field, its value and the limit when `fields` exceed
 * {@link decoderLimits}.
 */
export function checkDecoderLimits(
  fields: LimitedDecoderFields,
  names: DecoderFieldNames,
  fail: (message: string) => never,
): void {
  const limited: [keyof LimitedDecoderFields, number][] = [
    ['contextLength', decoderLimits.contextLength],
    ['vocabSize', decoderLimits.vocabSize],
    ['hiddenSize', decoderLimits.hiddenSize],
    ['intermediateSize', decoderLimits.intermediateSize],
    ['numLayers', decoderLimits.numLayers],
    ['numHeads', decoderLimits.numHeads],
    ['numKvHeads', decoderLimits.numHeads],
    ['headDim', decoderLimits.headDim],
  ];
  for (const [field, limit] of limited) {
    if (fields[field] > limit) {
      fail(`${names[field]} ${fields[field]} exceeds the limit of ${limit}`);
    }
  }
  const rope = fields.contextLength * fields.headDim;
  if (rope > decoderLimits.ropeTableElements) {
    fail(
      `${names.contextLength} ${fields.contextLength} × head dimension ${fields.headDim} = ${rope} RoPE table entries exceeds the limit of ${decoderLimits.ropeTableElements}`,
    );
  }
}
