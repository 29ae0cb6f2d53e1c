/** The shape a checkpoint is expanded to (see docs/realistic-targets: the same function at this cost). */
export interface ExpandShape {
  /** Short name used in tables: `stories260K@<name>`. */
  readonly name: string;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly numKvHeads: number;
  readonly headDim: number;
  readonly intermediateSize: number;
  readonly vocabSize: number;
}

/** Shapes of real models (docs/realistic-targets.md, "Shapes worth having"). */
export const expandShapes: Readonly<Record<string, ExpandShape>> = {
  '100m': {
    name: '100m',
    hiddenSize: 512,
    numLayers: 24,
    numHeads: 8,
    numKvHeads: 4,
    headDim: 64,
    intermediateSize: 1536,
    vocabSize: 32000,
  },
  'smollm2-360m': {
    name: 'smollm2-360m',
    hiddenSize: 960,
    numLayers: 32,
    numHeads: 15,
    numKvHeads: 5,
    headDim: 64,
    intermediateSize: 2560,
    vocabSize: 49152,
  },
  'tinyllama-1.1b': {
    name: 'tinyllama-1.1b',
    hiddenSize: 2048,
    numLayers: 22,
    numHeads: 32,
    numKvHeads: 4,
    headDim: 64,
    intermediateSize: 5632,
    vocabSize: 32000,
  },
  'llama-3.2-1b': {
    name: 'llama-3.2-1b',
    hiddenSize: 2048,
    numLayers: 16,
    numHeads: 32,
    numKvHeads: 8,
    headDim: 64,
    intermediateSize: 8192,
    vocabSize: 128256,
  },
};
