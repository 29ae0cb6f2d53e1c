import type { DecoderWeights, LayerWeights } from '../decoder/decoder-weights.js';
import type { Llama2cHeader } from './llama2c-header.js';
import type { Llama2cArrayName } from './llama2c-layout.js';
import { permuteRopeRows } from './permute-rope-rows.js';

/**
 * {@link DecoderWeights} from the arrays of a llama2.c checkpoint (`array(name, layer)`): RoPE
 * theta 10000, RMSNorm eps 1e-5, BOS 1, generation stops on BOS as in `run.c`; the rows of
 * `wq`/`wk` are permuted from interleaved to rotate_half RoPE. Internal.
 */
export function assembleLlama2cWeights(
  header: Llama2cHeader,
  array: (name: Llama2cArrayName, layer?: number) => Float32Array,
  name: string,
): DecoderWeights {
  const { dim: h, hiddenDim: I, numLayers: L, numHeads, numKvHeads, vocabSize: V, seqLen } = header;
  const headDim = h / numHeads;
  const layers = Array.from({ length: L }, (_, layer): LayerWeights => ({
    attentionNorm: array('attentionNorm', layer),
    wq: permuteRopeRows(array('wq', layer), numHeads, headDim, h),
    wk: permuteRopeRows(array('wk', layer), numKvHeads, headDim, h),
    wv: array('wv', layer),
    wo: array('wo', layer),
    mlpNorm: array('mlpNorm', layer),
    wGate: array('w1', layer),
    wUp: array('w3', layer),
    wDown: array('w2', layer),
  }));
  return {
    config: {
      hiddenSize: h,
      intermediateSize: I,
      numLayers: L,
      numHeads,
      numKvHeads,
      headDim,
      vocabSize: V,
      contextLength: seqLen,
      ropeTheta: 10000,
      rmsNormEps: 1e-5,
      tiedEmbeddings: header.sharedClassifier,
      qkvBias: false,
      qkNorm: false,
    },
    embedding: array('embedding'),
    layers,
    finalNorm: array('finalNorm'),
    ...(header.sharedClassifier ? {} : { lmHead: array('lmHead') }),
    source: { kind: 'llama2c', name },
    bosTokenId: 1,
    eosTokenIds: [1],
  };
}
