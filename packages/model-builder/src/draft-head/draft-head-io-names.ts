/**
 * Tensor names of the draft-head graph built by {@link buildDraftHeadModel}. Rows: `N = S + E`
 * (token rows, then extra embedding rows) = `A + B` (taps rows, then hidden rows); `P` past rows.
 */
export const draftHeadTensorNames = {
  /** int64 `[1, S]` */
  inputIds: 'input_ids',
  /** float32 `[1, E, h]`: embedding rows appended after the tokens' (ConFu `[f]`: e_f). */
  tokenEmbeds: 'token_embeds',
  /** float32 `[1, A, 3h]`: target taps, passed through `fc`. */
  taps: 'taps',
  /** float32 `[1, B, h]`: features used as they are (the head's own `hidden_out`). */
  hidden: 'hidden',
  /** int64 `[1, N]` */
  positionIds: 'position_ids',
  /** float32 additive (0 / -Infinity) or bool `[1, 1, N, P + N]` */
  attentionMask: 'attention_mask',
  /** int64 `[1]`: how many candidates per row `top_log_probs` / `top_ids` return (≤ Vd). */
  topK: 'top_k',
  /** float32 `[1, P, KVH, D]` (keys rotated) */
  pastKey: 'past_key',
  pastValue: 'past_value',
  /** float32 `[1, N, h]`: layer output before the final norm (the next feature). */
  hiddenOut: 'hidden_out',
  /** float32 `[1, N, Vd]` over the draft vocabulary. */
  logits: 'logits',
  /**
   * float32 `[1, N, K]`: the `K` largest log-probabilities of each row (log-softmax over the valid
   * draft ids), largest first; ties: lower draft id first.
   */
  topLogProbs: 'top_log_probs',
  /** int64 `[1, N, K]`: their draft ids. */
  topIds: 'top_ids',
  /** float32 `[1, N, KVH·D]` (keys after RoPE) */
  newKey: 'new_key',
  newValue: 'new_value',
} as const;

/** Symbolic dimension names of the draft-head graph. */
export const draftHeadDims = {
  tokens: 'tokens',
  extraRows: 'extra_rows',
  tapRows: 'tap_rows',
  hiddenRows: 'hidden_rows',
  rows: 'rows',
  past: 'past_sequence',
  total: 'total_sequence',
  topK: 'top_k',
} as const;
