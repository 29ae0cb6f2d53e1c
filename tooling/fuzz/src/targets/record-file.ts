import { createMemoryFileSource } from '@confu/checkpoint';
import { encodeRecordFileHeader, encodeRecordFrame, openRecordStream } from '@confu/trainer';
import type { TrainingRecord } from '@confu/trainer';
import * as fc from 'fast-check';
import { fuzzTarget } from '../fuzz-target.js';
import { applyEdits, byteEdits, describeBytes } from '../mutate-bytes.js';

/** A small valid record: n tokens, taps of width w, full or top-k target rows. */
const record = fc
  .record({
    n: fc.integer({ min: 1, max: 4 }),
    width: fc.integer({ min: 0, max: 3 }),
    vocab: fc.integer({ min: 1, max: 5 }),
    topK: fc.boolean(),
    finish: fc.constantFrom<TrainingRecord['finishReason']>('stop', 'length', 'reference'),
  })
  .map(({ n, width, vocab, topK, finish }): TrainingRecord => ({
    index: n,
    tokens: Int32Array.from({ length: n }, (_, index) => index % vocab),
    promptLength: 1,
    finishReason: finish,
    tapWidth: width,
    taps: new Float32Array(n * width).fill(0.5),
    target: topK
      ? { kind: 'top-k', k: 1, ids: new Int32Array(n), logProbs: new Float32Array(n).fill(-1) }
      : { kind: 'full', vocabSize: vocab, logProbs: new Float32Array(n * vocab).fill(-2) },
  }));

/** A header (valid or odd metadata) and a few framed records, then byte edits. */
const recordFile = fc
  .record({
    metadata: fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), {
      maxKeys: 2,
    }),
    records: fc.array(record, { maxLength: 3 }),
    garbage: fc.uint8Array({ maxLength: 24 }),
    edits: byteEdits(3),
  })
  .map(({ metadata, records, garbage, edits }) => {
    const parts = [
      encodeRecordFileHeader(metadata),
      ...records.flatMap((item) => [...encodeRecordFrame(item)]),
      garbage,
    ];
    const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    return applyEdits(bytes, edits);
  });

/** `openRecordStream`, then every record it yields. */
export const recordFileTarget = fuzzTarget({
  name: 'record-file',
  arbitrary: fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 6, arbitrary: recordFile },
  ),
  async run(bytes) {
    const stream = await openRecordStream(
      createMemoryFileSource({ 'data.rec': bytes }),
      'data.rec',
    );
    for await (const item of stream.records()) void item;
  },
  describe: (bytes) => describeBytes(bytes),
});
