import {
  createMemoryFileSource,
  readSafetensorsHeader,
  readTensor,
  writeSafetensors,
} from '@confu/checkpoint';
import type { SafetensorsDtype } from '@confu/checkpoint';
import * as fc from 'fast-check';
import { fuzzTarget } from '../fuzz-target.js';
import { applyEdits, byteEdits, describeBytes } from '../mutate-bytes.js';

const dtypes: SafetensorsDtype[] = ['F32', 'F16', 'BF16', 'I64', 'I32', 'I8', 'U8', 'BOOL'];
const oddNumbers = [-1, 0.5, 2 ** 53, 2 ** 64, Number.MAX_SAFE_INTEGER, 1e308];

const dimension = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(...oddNumbers, null, '2', true) },
);

/** A header entry whose fields are valid most of the time and odd some of the time. */
const entry = fc.record({
  dtype: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom<unknown>(...dtypes) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>('F8', 'f32', '', 3, null) },
  ),
  shape: fc.oneof(
    { weight: 8, arbitrary: fc.array(dimension, { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'x', {}, 5) },
  ),
  offsets: fc.oneof(
    { weight: 3, arbitrary: fc.constant('tile') },
    { weight: 1, arbitrary: fc.tuple(dimension, dimension) },
  ),
});

const itemBytes: Record<string, number> = {
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/** A structured safetensors file: entries laid out end to end ("tile") unless odd offsets. */
const structured = fc
  .record({
    entries: fc.array(entry, { maxLength: 5 }),
    metadata: fc.option(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })), {
      nil: undefined,
    }),
    declared: fc.option(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), { freq: 8, nil: undefined }),
    extraData: fc.integer({ min: -8, max: 8 }),
    fill: fc.integer({ min: 0, max: 255 }),
    edits: byteEdits(2),
  })
  .map(({ entries, metadata, declared, extraData, fill, edits }) => {
    const header: Record<string, unknown> = {};
    if (metadata !== undefined) header['__metadata__'] = metadata;
    let position = 0;
    entries.forEach((item, index) => {
      const shape = item.shape;
      const count = Array.isArray(shape)
        ? shape.reduce((product: number, dim) => product * (typeof dim === 'number' ? dim : 1), 1)
        : 1;
      const bytes = count * (itemBytes[String(item.dtype)] ?? 1);
      const size = Number.isFinite(bytes) ? Math.min(1024, Math.max(0, bytes)) : 0;
      const offsets = item.offsets === 'tile' ? [position, position + size] : item.offsets;
      if (item.offsets === 'tile') position += size;
      header[`t${index}`] = { dtype: item.dtype, shape, data_offsets: offsets };
    });
    const json = new TextEncoder().encode(JSON.stringify(header));
    const dataSize = Math.max(0, position + extraData);
    const file = new Uint8Array(8 + json.length + dataSize).fill(fill);
    new DataView(file.buffer).setBigUint64(0, declared ?? BigInt(json.length), true);
    file.set(json, 8);
    return applyEdits(file, edits);
  });

/** A valid file from the writer, then a few byte edits. */
const mutatedValid = fc
  .record({
    values: fc.array(fc.float({ noNaN: false }), { maxLength: 6 }),
    dtype: fc.constantFrom<'F32' | 'F16' | 'BF16'>('F32', 'F16', 'BF16'),
    edits: byteEdits(3),
  })
  .map(({ values, dtype, edits }) =>
    applyEdits(
      writeSafetensors({
        a: { dtype, shape: [values.length], data: Float32Array.from(values) },
        b: { dtype: 'F32', shape: [], data: new Float32Array([1]) },
      }),
      edits,
    ),
  );

/** `readSafetensorsHeader`, then `readTensor` of every tensor it lists. */
export const safetensorsTarget = fuzzTarget({
  name: 'safetensors',
  arbitrary: fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 96 }) },
    { weight: 4, arbitrary: structured },
    { weight: 3, arbitrary: mutatedValid },
  ),
  async run(bytes) {
    const source = createMemoryFileSource({ 'model.safetensors': bytes });
    const header = await readSafetensorsHeader(source, 'model.safetensors');
    for (const name of header.tensors.keys()) await readTensor(source, header, name);
  },
  describe: (bytes) => describeBytes(bytes),
});
