import type { ConfigFields } from './config-fields.js';

/** The attention shape of a Hugging Face style config. */
export interface AttentionHeads {
  readonly hiddenSize: number;
  readonly numHeads: number;
  readonly numKvHeads: number;
  /** `head_dim`, else `hidden_size / num_attention_heads`, which may be fractional: check it. */
  readonly headDim: number;
}

/**
 * Reads `hidden_size`, `num_attention_heads`, `num_key_value_heads` (default: the query heads,
 * which must be a multiple of it) and `head_dim`.
 * @throws ConfuError `INVALID_FILE` through `fields`.
 */
export function parseAttentionHeads(fields: ConfigFields): AttentionHeads {
  const hiddenSize = fields.positiveInteger('hidden_size');
  const numHeads = fields.positiveInteger('num_attention_heads');
  const numKvHeads = fields.optionalInteger('num_key_value_heads') ?? numHeads;
  if (numHeads % numKvHeads !== 0) {
    fields.fail(
      `"num_attention_heads" (${numHeads}) must be a multiple of "num_key_value_heads" (${numKvHeads})`,
    );
  }
  const headDim = fields.optionalInteger('head_dim') ?? hiddenSize / numHeads;
  return { hiddenSize, numHeads, numKvHeads, headDim };
}
