/**
 * Tensor names of the decoder graph contract (docs/architecture/target-graph.md), shared by the
 * builder and the engine that feeds it.
 */
export const decoderTensorNames = {
  inputIds: 'input_ids',
  inputsEmbeds: 'inputs_embeds',
  positionIds: 'position_ids',
  attentionMask: 'attention_mask',
  pastKey: (layer: number): string => `past_key_${layer}`,
  pastValue: (layer: number): string => `past_value_${layer}`,
  logits: 'logits',
  newKey: (layer: number): string => `new_key_${layer}`,
  newValue: (layer: number): string => `new_value_${layer}`,
  hiddenTaps: 'hidden_taps',
} as const;

/** Symbolic dimension names: new tokens `S`, past rows `P`, and `T = P + S`. */
export const decoderDims = {
  sequence: 'sequence',
  past: 'past_sequence',
  total: 'total_sequence',
} as const;
