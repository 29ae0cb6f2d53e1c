import { ConfuError } from '@confu/errors';
import type { DecoderWeights, LayerWeights } from '../decoder/decoder-weights.js';
import { LLAMA2C_HEADER_BYTES, llama2cFloatCount, readLlama2cHeader } from './llama2c-header.js';
import { permuteRopeRows } from './permute-rope-rows.js';

/** Options of {@link importLlama2c}. */
export interface ImportLlama2cOptions {
  /** File name used in error messages and recorded as `source.name`. Default `'model.bin'`. */
  readonly name?: string;
}

/**
 * Reads a legacy (v0) llama2.c checkpoint (`export.py --version 0` / karpathy's tinyllamas `.bin`).
 * RoPE theta 10000, RMSNorm eps 1e-5, BOS 1; generation stops on BOS, as in llama2.c `run.c`.
 * The rows of `wq`/`wk` are permuted from interleaved to rotate_half RoPE; other arrays alias
 * `bytes` when it is 4-byte aligned.
 * @throws ConfuError `INVALID_FILE` (bad header or a size that disagrees with it), `UNSUPPORTED`.
 */
export function importLlama2c(
  bytes: Uint8Array,
  options: ImportLlama2cOptions = {},
): DecoderWeights {
  const name = options.name ?? 'model.bin';
  const header = readLlama2cHeader(bytes, name);
  const expectedBytes = LLAMA2C_HEADER_BYTES + 4 * llama2cFloatCount(header);
  if (bytes.length !== expectedBytes) {
    throw new ConfuError(
      'INVALID_FILE',
      `${name}: expected ${expectedBytes} bytes for dim=${header.dim}, hidden_dim=${header.hiddenDim}, ` +
        `n_layers=${header.numLayers}, n_heads=${header.numHeads}, n_kv_heads=${header.numKvHeads}, ` +
        `vocab_size=${header.sharedClassifier ? '' : '-'}${header.vocabSize}, seq_len=${header.seqLen}; ` +
        `the file has ${bytes.length} bytes`,
    );
  }
  const body =
    (bytes.byteOffset + LLAMA2C_HEADER_BYTES) % 4 === 0
      ? new Float32Array(
          bytes.buffer,
          bytes.byteOffset + LLAMA2C_HEADER_BYTES,
          (bytes.length - LLAMA2C_HEADER_BYTES) / 4,
        )
      : new Float32Array(bytes.slice(LLAMA2C_HEADER_BYTES).buffer);
  let cursor = 0;
  const take = (count: number): Float32Array => body.subarray(cursor, (cursor += count));

  const { dim: h, hiddenDim: I, numLayers: L, numHeads, numKvHeads, vocabSize: V, seqLen } = header;
  const headDim = h / numHeads;
  const kvDim = numKvHeads * headDim;
  // Stacked per-layer blocks, in file order.
  const perLayer = (block: Float32Array, size: number): Float32Array[] =>
    Array.from({ length: L }, (_, layer) => block.subarray(layer * size, (layer + 1) * size));
  const embedding = take(V * h);
  const attentionNorm = perLayer(take(L * h), h);
  const wq = perLayer(take(L * h * h), h * h);
  const wk = perLayer(take(L * kvDim * h), kvDim * h);
  const wv = perLayer(take(L * kvDim * h), kvDim * h);
  const wo = perLayer(take(L * h * h), h * h);
  const mlpNorm = perLayer(take(L * h), h);
  const w1 = perLayer(take(L * I * h), I * h);
  const w2 = perLayer(take(L * h * I), h * I);
  const w3 = perLayer(take(L * I * h), I * h);
  const finalNorm = take(h);
  take(seqLen * headDim); // freq_cis_real/imag: unused, RoPE is recomputed
  const lmHead = header.sharedClassifier ? undefined : take(V * h);

  const layers = Array.from({ length: L }, (_, layer): LayerWeights => ({
    attentionNorm: attentionNorm[layer] as Float32Array,
    wq: permuteRopeRows(wq[layer] as Float32Array, numHeads, headDim, h),
    wk: permuteRopeRows(wk[layer] as Float32Array, numKvHeads, headDim, h),
    wv: wv[layer] as Float32Array,
    wo: wo[layer] as Float32Array,
    mlpNorm: mlpNorm[layer] as Float32Array,
    wGate: w1[layer] as Float32Array,
    wUp: w3[layer] as Float32Array,
    wDown: w2[layer] as Float32Array,
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
    embedding,
    layers,
    finalNorm,
    ...(lmHead ? { lmHead } : {}),
    source: { kind: 'llama2c', name },
    bosTokenId: 1,
    eosTokenIds: [1],
  };
}
