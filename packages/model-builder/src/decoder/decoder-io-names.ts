/**
 * Tensor names of the decoder graph contract (docs/architecture/target-graph.md), shared by the
 * builder and the engine that feeds it.
 */
export const decoderTensorNames = {
  inputIds: 'input_ids',
  inputsEmbeds: 'inputs_embeds',
  extraEmbeds: 'extra_embeds',
  positionIds: 'position_ids',
  attentionMask: 'attention_mask',
  pastKey: (layer: number): string => `past_key_${layer}`,
  pastValue: (layer: number): string => `past_value_${layer}`,
  logits: 'logits',
  /** int64 `[1, N]`: each row's most likely id (first on ties): greedy decoding needs no logits. */
  argmax: 'argmax',
  newKey: (layer: number): string => `new_key_${layer}`,
  newValue: (layer: number): string => `new_value_${layer}`,
  hiddenTaps: 'hidden_taps',
} as const;

/**
 * Symbolic dimension names: new rows `N = S + E` (`sequence`), token rows `S` and extra embedding
 * rows `E` (graphs with `extra_embeds`; otherwise tokens use `sequence`), past rows `P`, and
 * `T = P + N`.
 */
export const decoderDims = {
  sequence: 'sequence',
  tokens: 'token_sequence',
  extra: 'extra_sequence',
  past: 'past_sequence',
  total: 'total_sequence',
} as const;
