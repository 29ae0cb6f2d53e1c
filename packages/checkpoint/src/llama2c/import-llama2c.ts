import { ConfuError } from '@confu/errors';
import type { DecoderWeights } from '../decoder/decoder-weights.js';
import { assembleLlama2cWeights } from './assemble-llama2c.js';
import { LLAMA2C_HEADER_BYTES, llama2cFloatCount, readLlama2cHeader } from './llama2c-header.js';
import type { Llama2cHeader } from './llama2c-header.js';
import { llama2cSegments } from './llama2c-layout.js';

/** Options of {@link importLlama2c}. */
export interface ImportLlama2cOptions {
  /** File name used in error messages and recorded as `source.name`. Default `'model.bin'`. */
  readonly name?: string;
}

/**
 * Reads a legacy (v0) llama2.c checkpoint (`export.py --version 0` / karpathy's tinyllamas `.bin`)
 * held in memory; `loadLlama2c` reads one from a `FileSource` array by array instead.
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
  checkLlama2cSize(header, bytes.length, name);
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const arrays = new Map<string, Float32Array>();
  for (const segment of llama2cSegments(header)) {
    const array = new Float32Array(
      aligned.buffer,
      aligned.byteOffset + segment.offset,
      segment.count,
    );
    arrays.set(`${segment.name}:${segment.layer ?? ''}`, array);
  }
  return assembleLlama2cWeights(
    header,
    (array, layer) => arrays.get(`${array}:${layer ?? ''}`) as Float32Array,
    name,
  );
}

/**
 * Throws unless a file of `size` bytes holds exactly the arrays that `header` describes.
 * @throws ConfuError `INVALID_FILE` quoting the header fields and both sizes.
 */
export function checkLlama2cSize(header: Llama2cHeader, size: number, name: string): void {
  const expectedBytes = LLAMA2C_HEADER_BYTES + 4 * llama2cFloatCount(header);
  if (size !== expectedBytes) {
    throw new ConfuError(
      'INVALID_FILE',
      `${name}: expected ${expectedBytes} bytes for dim=${header.dim}, hidden_dim=${header.hiddenDim}, ` +
        `n_layers=${header.numLayers}, n_heads=${header.numHeads}, n_kv_heads=${header.numKvHeads}, ` +
        `vocab_size=${header.sharedClassifier ? '' : '-'}${header.vocabSize}, seq_len=${header.seqLen}; ` +
        `the file has ${size} bytes`,
    );
  }
}
