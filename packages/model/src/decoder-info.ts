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
  readonly maskType: 'additive' | 'bool';
}
