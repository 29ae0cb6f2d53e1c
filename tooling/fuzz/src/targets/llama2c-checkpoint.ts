import { createMemoryFileSource, importLlama2c, loadLlama2c } from '@confu/checkpoint';
import * as fc from 'fast-check';
import { fuzzTarget } from '../fuzz-target.js';
import { applyEdits, byteEdits, describeBytes } from '../mutate-bytes.js';

const field = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 8 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      0,
      -1,
      -8,
      1_000_000,
      1_000_001,
      2 ** 31 - 1,
      -(2 ** 31),
      0x616b3432,
    ),
  },
);

/** Float count of a small header, or undefined when it is not small (or not valid). */
function smallFloatCount(fields: readonly number[]): number | undefined {
  const [dim, hidden, layers, heads, kvHeads, vocab, seq] = fields as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (
    fields.some(
      (value, index) => (index === 5 ? Math.abs(value) : value) <= 0 || Math.abs(value) > 8,
    )
  )
    return undefined;
  const headSize = dim / heads;
  const kvDim = kvHeads * headSize;
  const perLayer = 2 * dim + 2 * dim * dim + 2 * kvDim * dim + 3 * hidden * dim;
  const count =
    Math.abs(vocab) * dim * (vocab > 0 ? 1 : 2) + layers * perLayer + dim + seq * headSize;
  return Number.isInteger(count) ? count : undefined;
}

/** Seven fields that describe a small consistent model, before any is replaced. */
const consistent = fc
  .record({
    kvHeads: fc.constantFrom(1, 2),
    group: fc.constantFrom(1, 2),
    headSize: fc.constantFrom(2, 4),
    hidden: fc.integer({ min: 1, max: 8 }),
    layers: fc.integer({ min: 1, max: 2 }),
    vocab: fc.constantFrom(3, 5, -3, -5),
    seq: fc.integer({ min: 1, max: 8 }),
  })
  .map(({ kvHeads, group, headSize, hidden, layers, vocab, seq }) => {
    const heads = kvHeads * group;
    return [heads * headSize, hidden, layers, heads, kvHeads, vocab, seq];
  });

/** A header of seven int32 fields, a body sized from it (or not), then byte edits. */
const checkpoint = fc
  .record({
    fields: fc.oneof(consistent, fc.array(field, { minLength: 7, maxLength: 7 })),
    replace: fc.option(fc.tuple(fc.integer({ min: 0, max: 6 }), field), { freq: 4 }),
    exact: fc.oneof(
      { weight: 4, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    floats: fc.integer({ min: 0, max: 64 }),
    edits: byteEdits(2),
  })
  .map(({ fields, replace, exact, floats, edits }) => {
    if (replace) fields[replace[0]] = replace[1];
    const count = (exact ? smallFloatCount(fields) : undefined) ?? floats;
    const bytes = new Uint8Array(28 + 4 * count);
    const view = new DataView(bytes.buffer);
    fields.forEach((value, index) => view.setInt32(4 * index, value, true));
    for (let index = 0; index < count; index++)
      view.setFloat32(28 + 4 * index, (index % 7) / 7, true);
    return applyEdits(bytes, edits);
  });

/** `importLlama2c` on the bytes and `loadLlama2c` through a file source. */
export const llama2cCheckpointTarget = fuzzTarget({
  name: 'llama2c-checkpoint',
  arbitrary: fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 6, arbitrary: checkpoint },
  ),
  async run(bytes) {
    let imported: unknown;
    try {
      importLlama2c(bytes, { name: 'model.bin' });
    } catch (error) {
      imported = error;
    }
    const source = createMemoryFileSource({ 'model.bin': bytes });
    const loaded = await loadLlama2c(source, 'model.bin').then(
      () => undefined,
      (error: unknown) => error,
    );
    // The in-memory and the ranged reader must agree on whether the file is valid.
    if ((imported === undefined) !== (loaded === undefined)) {
      throw new Error(`importLlama2c and loadLlama2c disagree: ${String(imported ?? loaded)}`);
    }
    if (imported !== undefined) throw imported;
  },
  describe: (bytes) => describeBytes(bytes),
});
