/**
 * What the engine needs to know about a target decoder graph (the contract in
 * docs/architecture/target-graph.md). `@confu/model-builder`'s `DecoderSpec` carries these fields.
 */
export interface DecoderInfo {
  readonly numLayers: number;
  readonly numKvHeads: number;
  readonly headDim: number;
  readonly hiddenSize: number;
  readonly vocabSize: number;
  readonly contextLength: number;
  /** Number of concatenated hidden-state taps in `hidden_taps`. */
  readonly numTaps: number;
  readonly inputs: 'ids' | 'embeds';
  /**
   * Whether the graph takes `extra_embeds` (embedding rows after the token rows: ConFu soft prompt
   * and contemplate tokens). When absent, `CausalLm` reads it from the session's input names and
   * fills it in on `lm.info`.
   */
  readonly extraEmbeds?: boolean;
  readonly maskType: 'additive' | 'bool';
}
