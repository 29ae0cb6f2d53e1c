import { loadLlama2cTokenizer } from '@confu/tokenizer';
import * as fc from 'fast-check';
import { fuzzTarget } from '../fuzz-target.js';
import { applyEdits, byteEdits, describeBytes } from '../mutate-bytes.js';

const pieceBytes = fc.oneof(
  fc.uint8Array({ maxLength: 4 }),
  fc.constantFrom('a', 'b', ' a', '<0x41>', '▁', 'é').map((text) => new TextEncoder().encode(text)),
);

function int32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setInt32(0, value, true);
  return bytes;
}

function float32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setFloat32(0, value, true);
  return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Score 0, length, bytes of the pieces of ids 0..299: `<unk>`, `<s>`, `</s>`, `<0x00>`.., `ab`. */
const basePieces = Array.from({ length: 300 }, (_, id) => {
  const text =
    id < 3
      ? (['<unk>', '<s>', '</s>'][id] as string)
      : id < 259
        ? `<0x${(id - 3).toString(16).toUpperCase().padStart(2, '0')}>`
        : 'ab';
  const bytes = new TextEncoder().encode(text);
  return concat([float32(0), int32(bytes.length), bytes]);
});

/**
 * `int32 max_token_length`, then per piece `float32 score, int32 length, bytes`: mostly the 259
 * pieces a llama2.c vocabulary needs (ids 3..258 are bytes), with odd lengths and scores.
 */
const tokenizerBin = fc
  .record({
    maxLength: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 6, max: 8 }) },
      { weight: 1, arbitrary: fc.constantFrom(0, -1, 1, 2 ** 31 - 1) },
    ),
    extra: fc.array(
      fc.record({
        score: fc.float(),
        bytes: pieceBytes,
        lie: fc.option(fc.integer({ min: -2, max: 9 }), { freq: 20 }),
      }),
      { maxLength: 6 },
    ),
    total: fc.oneof(
      { weight: 4, arbitrary: fc.constant(259) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 300 }) },
    ),
    edits: byteEdits(2),
  })
  .map(({ maxLength, extra, total, edits }) => {
    const pieces = [
      int32(maxLength),
      ...basePieces.slice(0, total),
      ...extra.map((piece) =>
        concat([float32(piece.score), int32(piece.lie ?? piece.bytes.length), piece.bytes]),
      ),
    ];
    return { bytes: applyEdits(concat(pieces), edits), pieces: total + extra.length };
  });

const texts = fc.array(
  fc.string({
    unit: fc.constantFrom('a', 'b', ' ', 'é', '日', '\n', '\u0000', '\ud800', 'A'),
    maxLength: 24,
  }),
  { minLength: 1, maxLength: 3 },
);

/** `loadLlama2cTokenizer` (with and without an expected vocabulary size), then encode / decode. */
export const llama2cTokenizerTarget = fuzzTarget({
  name: 'llama2c-tokenizer',
  arbitrary: fc.record({
    file: fc.oneof(
      {
        weight: 1,
        arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ bytes, pieces: 0 })),
      },
      { weight: 6, arbitrary: tokenizerBin },
    ),
    /** Added to the number of pieces written: 0 (the right size) most of the time. */
    vocabSizeError: fc.option(
      fc.oneof(
        { weight: 9, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.constantFrom(-1, 1, -1000, 0.5) },
      ),
      { freq: 3 },
    ),
    texts,
  }),
  run({ file: { bytes, pieces }, vocabSizeError, texts: inputs }) {
    const vocabSize = vocabSizeError === null ? null : pieces + vocabSizeError;
    const tokenizer = loadLlama2cTokenizer(bytes, {
      name: 'fuzz/tokenizer.bin',
      ...(vocabSize === null ? {} : { vocabSize }),
    });
    for (const text of inputs) {
      const ids = tokenizer.encode(text);
      tokenizer.decode(ids);
      const stream = tokenizer.createStreamDecoder();
      for (const id of ids) stream.push(id);
      stream.flush();
    }
  },
  describe: ({ file, vocabSizeError, texts: inputs }) =>
    `${describeBytes(file.bytes)} pieces ${file.pieces} vocabSize error ${String(vocabSizeError)} texts ${JSON.stringify(inputs)}`,
});
