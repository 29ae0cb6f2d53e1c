import * as fc from 'fast-check';

/** One edit of a byte string: a bit flip, a byte set, an insertion, a deletion or a cut. */
export type ByteEdit =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'set' | 'insert'; readonly at: number; readonly value: number }
  | { readonly kind: 'delete' | 'truncate'; readonly at: number };

/**
 * Up to `maxEdits` edits at positions taken modulo the length of what they edit; none at all
 * half of the time, so that the structure built before them is also tested intact.
 */
export function byteEdits(maxEdits = 4): fc.Arbitrary<ByteEdit[]> {
  const at = fc.nat();
  const edits = fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({
        kind: fc.constantFrom('set' as const, 'insert' as const),
        at,
        value: fc.oneof(
          fc.constantFrom(0, 0xff, 0x7b, 0x22, 0x5b),
          fc.integer({ min: 0, max: 255 }),
        ),
      }),
      fc.record({ kind: fc.constantFrom('delete' as const, 'truncate' as const), at }),
    ),
    { minLength: 1, maxLength: maxEdits },
  );
  return fc.oneof(fc.constant<ByteEdit[]>([]), edits);
}

/** `bytes` with `edits` applied in order (a new array). */
export function applyEdits(bytes: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  if (edits.length === 0) return bytes;
  let out = Array.from(bytes);
  for (const edit of edits) {
    const at = out.length === 0 ? 0 : edit.at % out.length;
    if (edit.kind === 'flip' && out.length > 0) out[at] = (out[at] as number) ^ (1 << edit.bit);
    else if (edit.kind === 'set' && out.length > 0) out[at] = edit.value;
    else if (edit.kind === 'insert') out.splice(at, 0, edit.value);
    else if (edit.kind === 'delete') out.splice(at, 1);
    else if (edit.kind === 'truncate') out = out.slice(0, at);
  }
  return Uint8Array.from(out);
}

/** Printable head of a byte string for reports. */
export function describeBytes(bytes: Uint8Array, max = 120): string {
  const hex = Buffer.from(bytes.subarray(0, max)).toString('hex');
  return `${bytes.length} bytes ${hex}${bytes.length > max ? '…' : ''}`;
}
