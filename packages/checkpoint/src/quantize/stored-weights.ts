import type { ModelDtype } from '@confu/core';
import type { DecoderWeights, LayerWeights } from '../decoder/decoder-weights.js';
import type { Eagle3HeadWeights } from '../draft-head/draft-head-weights.js';
import { float16ToFloat32, float32ToFloat16 } from '../safetensors/half-precision.js';
import { blockDequantize, blockQuantize } from './block-quantize.js';

/**
 * The weights a graph of `dtype` computes with: every matrix rounded through float16 or block
 * quantised and dequantised (row by row, `[out, in]`); norms and biases unchanged. The embedding
 * and an untied LM head are stored as `embeddingDtype` (the model builder keeps them at q8 in a
 * q4 graph). The reference forward pass over them is the oracle of quantised graphs.
 */
export function storedWeights(
  weights: DecoderWeights,
  dtype: ModelDtype,
  embeddingDtype: ModelDtype = dtype,
): DecoderWeights {
  if (dtype === 'fp32' && embeddingDtype === 'fp32') return weights;
  const {
    hiddenSize: h,
    intermediateSize: I,
    numHeads: H,
    numKvHeads: KVH,
    headDim: D,
  } = weights.config;
  const V = weights.config.vocabSize;
  const matrix = storedMatrix(dtype);
  const vocabulary = storedMatrix(embeddingDtype);
  const layers = weights.layers.map((layer): LayerWeights => ({
    ...layer,
    wq: matrix(layer.wq, H * D, h),
    wk: matrix(layer.wk, KVH * D, h),
    wv: matrix(layer.wv, KVH * D, h),
    wo: matrix(layer.wo, h, H * D),
    wGate: matrix(layer.wGate, I, h),
    wUp: matrix(layer.wUp, I, h),
    wDown: matrix(layer.wDown, h, I),
  }));
  return {
    ...weights,
    embedding: vocabulary(weights.embedding, V, h),
    layers,
    ...(weights.lmHead ? { lmHead: vocabulary(weights.lmHead, V, h) } : {}),
  };
}

/** {@link storedWeights} for a draft head and the target embedding it shares. */
export function storedHeadWeights(
  head: Eagle3HeadWeights,
  targetEmbedding: Float32Array,
  dtype: ModelDtype,
): { head: Eagle3HeadWeights; targetEmbedding: Float32Array } {
  if (dtype === 'fp32') return { head, targetEmbedding };
  const {
    hiddenSize: h,
    intermediateSize: I,
    numHeads: H,
    numKvHeads: KVH,
    headDim: D,
  } = head.config;
  const matrix = storedMatrix(dtype);
  return {
    head: {
      ...head,
      fc: matrix(head.fc, h, 3 * h),
      wq: matrix(head.wq, H * D, 2 * h),
      wk: matrix(head.wk, KVH * D, 2 * h),
      wv: matrix(head.wv, KVH * D, 2 * h),
      wo: matrix(head.wo, h, H * D),
      wGate: matrix(head.wGate, I, h),
      wUp: matrix(head.wUp, I, h),
      wDown: matrix(head.wDown, h, I),
      lmHead: matrix(head.lmHead, head.config.draftVocabSize, h),
    },
    targetEmbedding: matrix(targetEmbedding, head.config.vocabSize, h),
  };
}

function storedMatrix(dtype: ModelDtype) {
  return (data: Float32Array, rows: number, cols: number): Float32Array =>
    dtype === 'fp32'
      ? data
      : dtype === 'fp16'
        ? float16ToFloat32(float32ToFloat16(data))
        : blockDequantize(blockQuantize(data, rows, cols, dtype === 'q8' ? 8 : 4));
}
