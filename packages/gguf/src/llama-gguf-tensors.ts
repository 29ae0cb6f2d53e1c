import { ConfuError } from '@confu/errors';
import type { DecoderWeights, LayerWeights } from '@confu/checkpoint';
import { encodeTensorData } from './encode-tensor-data.js';
import type { GgmlTypeName } from './gguf-constants.js';
import { ggmlBlockLayout } from './gguf-constants.js';
import { interleaveRopeRows } from './interleave-rope-rows.js';
import { llama3RopeFactors } from './llama3-rope-factors.js';
import type { GgufTensor } from './write-gguf.js';

/** The weight type of a whole GGUF export (norms and other 1-D tensors always stay f32). */
export type GgufDtype = 'f32' | 'f16' | 'q8_0' | 'q4_0';

/**
 * The tensors of a Llama-family decoder under llama.cpp's `llama` names, in file order, each
 * encoded only when written. Matrices take `dtype`; as convert_hf_to_gguf.py does, 1-D tensors stay
 * f32 and a matrix whose rows are not a multiple of the 32-value block falls back to f16. The rows
 * of `attn_q`/`attn_k` are interleaved for llama.cpp's RoPE; `output.weight` is left out when tied.
 * @throws ConfuError `UNSUPPORTED` for q/k/v biases (Qwen2) or q/k norms (Qwen3).
 */
export function llamaGgufTensors(
  weights: DecoderWeights,
  dtype: GgufDtype,
  embeddingDtype: GgufDtype = dtype,
): GgufTensor[] {
  assertLlamaArchitecture(weights);
  const { config } = weights;
  const { hiddenSize: h, intermediateSize: I, numHeads, numKvHeads, headDim, vocabSize } = config;
  const vector = (name: string, values: Float32Array): GgufTensor => ({
    name,
    shape: [values.length],
    type: 'f32',
    data: () => encodeTensorData(values, 'f32'),
  });
  const matrix = (
    name: string,
    rows: number,
    cols: number,
    values: () => Float32Array,
    as: GgufDtype = dtype,
  ) => {
    const type = matrixType(as, cols);
    return { name, shape: [rows, cols], type, data: () => encodeTensorData(values(), type) };
  };
  const layer = (block: LayerWeights, index: number): GgufTensor[] => {
    const prefix = `blk.${index}`;
    return [
      vector(`${prefix}.attn_norm.weight`, block.attentionNorm),
      matrix(`${prefix}.attn_q.weight`, numHeads * headDim, h, () =>
        interleaveRopeRows(block.wq, numHeads, headDim, h),
      ),
      matrix(`${prefix}.attn_k.weight`, numKvHeads * headDim, h, () =>
        interleaveRopeRows(block.wk, numKvHeads, headDim, h),
      ),
      matrix(`${prefix}.attn_v.weight`, numKvHeads * headDim, h, () => block.wv),
      matrix(`${prefix}.attn_output.weight`, h, numHeads * headDim, () => block.wo),
      vector(`${prefix}.ffn_norm.weight`, block.mlpNorm),
      matrix(`${prefix}.ffn_gate.weight`, I, h, () => block.wGate),
      matrix(`${prefix}.ffn_up.weight`, I, h, () => block.wUp),
      matrix(`${prefix}.ffn_down.weight`, h, I, () => block.wDown),
    ];
  };
  const { lmHead } = weights;
  return [
    matrix('token_embd.weight', vocabSize, h, () => weights.embedding, embeddingDtype),
    ...(config.ropeScaling
      ? [vector('rope_freqs.weight', llama3RopeFactors(config, config.ropeScaling))]
      : []),
    ...weights.layers.flatMap(layer),
    vector('output_norm.weight', weights.finalNorm),
    ...(config.tiedEmbeddings || !lmHead
      ? []
      : [matrix('output.weight', vocabSize, h, () => lmHead, embeddingDtype)]),
  ];
}

function matrixType(dtype: GgufDtype, cols: number): GgmlTypeName {
  return cols % ggmlBlockLayout[dtype].blockSize === 0 ? dtype : 'f16';
}

function assertLlamaArchitecture(weights: DecoderWeights): void {
  const { config } = weights;
  const name = weights.source?.name ?? 'the model';
  if (config.qkvBias || config.qkNorm) {
    throw new ConfuError(
      'UNSUPPORTED',
      `${name}: q/k/v ${config.qkvBias ? 'biases (Qwen2)' : 'norms (Qwen3)'} have no place in llama.cpp's \`llama\` architecture; only Llama-family decoders (Llama, Mistral, llama2.c) export to GGUF`,
    );
  }
}
