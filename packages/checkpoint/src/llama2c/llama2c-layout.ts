import type { Llama2cHeader } from './llama2c-header.js';
import { LLAMA2C_HEADER_BYTES } from './llama2c-header.js';

/** The arrays of a legacy llama2.c checkpoint, in file order. */
export type Llama2cArrayName =
  | 'embedding'
  | 'attentionNorm'
  | 'wq'
  | 'wk'
  | 'wv'
  | 'wo'
  | 'mlpNorm'
  | 'w1'
  | 'w2'
  | 'w3'
  | 'finalNorm'
  | 'ropeTables'
  | 'lmHead';

/** One float32 array of the file: per-layer arrays have one segment per layer. */
export interface Llama2cSegment {
  readonly name: Llama2cArrayName;
  /** Layer index for per-layer arrays. */
  readonly layer?: number;
  /** Absolute byte offset in the file. */
  readonly offset: number;
  /** Float32 count. */
  readonly count: number;
}

/**
 * Where every array of a checkpoint with `header` lies: the stacked per-layer blocks are split
 * into one segment per layer, so that no segment is larger than one layer's matrix (a 7B
 * checkpoint's stacked `w1` alone is over 4 GiB).
 */
export function llama2cSegments(header: Llama2cHeader): Llama2cSegment[] {
  const { dim: h, hiddenDim: I, numLayers: L, numHeads, numKvHeads, vocabSize: V, seqLen } = header;
  const headDim = h / numHeads;
  const kvDim = numKvHeads * headDim;
  const segments: Llama2cSegment[] = [];
  let offset = LLAMA2C_HEADER_BYTES;
  const add = (name: Llama2cArrayName, count: number, layer?: number): void => {
    segments.push({ name, offset, count, ...(layer === undefined ? {} : { layer }) });
    offset += 4 * count;
  };
  const perLayer = (name: Llama2cArrayName, count: number): void => {
    for (let layer = 0; layer < L; layer++) add(name, count, layer);
  };
  add('embedding', V * h);
  perLayer('attentionNorm', h);
  perLayer('wq', h * h);
  perLayer('wk', kvDim * h);
  perLayer('wv', kvDim * h);
  perLayer('wo', h * h);
  perLayer('mlpNorm', h);
  perLayer('w1', I * h);
  perLayer('w2', h * I);
  perLayer('w3', I * h);
  add('finalNorm', h);
  add('ropeTables', seqLen * headDim); // freq_cis_real/imag: unused, RoPE is recomputed
  if (!header.sharedClassifier) add('lmHead', V * h);
  return segments;
}
