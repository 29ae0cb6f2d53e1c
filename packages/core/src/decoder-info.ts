/**
 * What the engine needs to know about a target decoder graph (the contract in
 * docs/architecture/target-graph.md).
 */
export interface DecoderInfo {
  readonly numLayers: number;
  readonly numKvHeads: number;
  readonly headDim: number;
  readonly hiddenSize: number;
  /** Rows of the LM head (logits per position). */
  readonly vocabSize: number;
  /**
   * Ids below it are ones the tokenizer can produce; the graph gives the others logit −∞ (padded
   * or expanded vocabularies). Default `vocabSize`.
   */
  readonly validVocabSize?: number;
  readonly contextLength: number;
  /** Number of concatenated hidden-state taps in `hidden_taps`. */
  readonly numTaps: number;
  readonly inputs: 'ids' | 'embeds';
  /**
   * Whether the graph takes `extra_embeds` (embedding rows after the token rows, see
   * `TargetPassPlan`). When absent, the model reads it from the session's input names.
   */
  readonly extraEmbeds?: boolean;
  readonly maskType: 'additive' | 'bool';
}
