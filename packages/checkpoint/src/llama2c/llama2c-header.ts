import { ConfuError } from '@confu/errors';
import { checkDecoderLimits } from '../decoder/decoder-limits.js';

/** The seven int32 fields that open a legacy (v0) llama2.c checkpoint. */
export interface Llama2cHeader {
  readonly dim: number;
  readonly hiddenDim: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly numKvHeads: number;
  /** Absolute value of the stored `vocab_size`. */
  readonly vocabSize: number;
  /** A negative stored `vocab_size` means an untied classifier follows the RoPE tables. */
  readonly sharedClassifier: boolean;
  readonly seqLen: number;
}

const llama2cFieldNames = {
  contextLength: 'seq_len',
  vocabSize: 'vocab_size',
  hiddenSize: 'dim',
  intermediateSize: 'hidden_dim',
  numLayers: 'n_layers',
  numHeads: 'n_heads',
  numKvHeads: 'n_kv_heads',
  headDim: 'head size',
};

/** Header length in bytes. */
export const LLAMA2C_HEADER_BYTES = 28;

/** Largest value accepted for a header field; anything above is a corrupt or foreign file. */
const MAX_FIELD = 1_000_000;

// First uint32 of llama2.c's versioned export format ("ak42" little-endian).
const VERSIONED_MAGIC = 0x616b3432;

/**
 * Reads and validates the header of a legacy llama2.c checkpoint.
 * @throws ConfuError `INVALID_FILE` (too short, non-positive or absurd fields, inconsistent head
 * counts), `UNSUPPORTED` (the newer versioned export format).
 */
export function readLlama2cHeader(bytes: Uint8Array, name: string): Llama2cHeader {
  const invalid = (message: string): ConfuError =>
    new ConfuError('INVALID_FILE', `${name}: ${message}`);
  if (bytes.length < LLAMA2C_HEADER_BYTES) {
    throw invalid(
      `${bytes.length} bytes is shorter than the ${LLAMA2C_HEADER_BYTES}-byte llama2.c header`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, LLAMA2C_HEADER_BYTES);
  if (view.getUint32(0, true) === VERSIONED_MAGIC) {
    throw new ConfuError(
      'UNSUPPORTED',
      `${name}: llama2.c versioned export (magic "ak42"); re-export with the legacy (v0) format`,
    );
  }
  const names = [
    'dim',
    'hidden_dim',
    'n_layers',
    'n_heads',
    'n_kv_heads',
    'vocab_size',
    'seq_len',
  ] as const;
  const fields = names.map((_, index) => view.getInt32(index * 4, true));
  fields.forEach((value, index) => {
    const field = names[index] as string;
    const magnitude = field === 'vocab_size' ? Math.abs(value) : value;
    if (magnitude <= 0 || magnitude > MAX_FIELD) {
      throw invalid(
        `header field ${field} = ${value} is out of range (expected 1..${MAX_FIELD}); not a llama2.c checkpoint?`,
      );
    }
  });
  const [dim, hiddenDim, numLayers, numHeads, numKvHeads, vocab, seqLen] = fields as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (dim % numHeads !== 0) throw invalid(`dim ${dim} is not divisible by n_heads ${numHeads}`);
  if (numHeads % numKvHeads !== 0)
    throw invalid(`n_heads ${numHeads} is not divisible by n_kv_heads ${numKvHeads}`);
  if ((dim / numHeads) % 2 !== 0)
    throw invalid(`head size ${dim / numHeads} is odd; RoPE needs an even head size`);
  checkDecoderLimits(
    {
      contextLength: seqLen,
      vocabSize: Math.abs(vocab),
      hiddenSize: dim,
      intermediateSize: hiddenDim,
      numLayers,
      numHeads,
      numKvHeads,
      headDim: dim / numHeads,
    },
    llama2cFieldNames,
    (message) => {
      throw invalid(`header field ${message}`);
    },
  );
  return {
    dim,
    hiddenDim,
    numLayers,
    numHeads,
    numKvHeads,
    vocabSize: Math.abs(vocab),
    sharedClassifier: vocab > 0,
    seqLen,
  };
}

/** Float32 count of the whole checkpoint after the header, classifier included when untied. */
export function llama2cFloatCount(header: Llama2cHeader): number {
  const { dim, hiddenDim, numLayers: L, numHeads, numKvHeads, vocabSize, seqLen } = header;
  const headSize = dim / numHeads;
  const kvDim = numKvHeads * headSize;
  const perLayer = 2 * dim + 2 * dim * dim + 2 * kvDim * dim + 3 * hiddenDim * dim;
  const ropeTables = seqLen * headSize; // freq_cis_real and freq_cis_imag, [seq_len, head_size/2] each
  return vocabSize * dim * (header.sharedClassifier ? 1 : 2) + L * perLayer + dim + ropeTables;
}
