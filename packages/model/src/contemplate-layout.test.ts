import { describe, expect, it } from 'vitest';
import {
  buildCausalLayout,
  buildContemplateLayout,
  buildContemplatePrefillLayout,
  repeatEmbedding,
} from './contemplate-layout.js';

/** Visibility rows as strings of 0/1 split into the given column groups. */
function grouped(visibility: Uint8Array, rows: number, groups: number[]): string[] {
  const width = groups.reduce((a, b) => a + b, 0);
  return Array.from({ length: rows }, (_, row) => {
    const cells = Array.from(visibility.subarray(row * width, (row + 1) * width)).join('');
    const parts: string[] = [];
    let start = 0;
    for (const size of groups) {
      parts.push(cells.slice(start, start + size));
      start += size;
    }
    return parts.join('|');
  });
}

describe('buildContemplateLayout', () => {
  it('follows the spec table: t_i never sees the soft prompt or any c_j; c_i sees its branch and itself', () => {
    // Root 0; 1 and 2 children of 0; 3 child of 1.
    const parents = [-1, 0, 0, 1];
    const layout = buildContemplateLayout({ committed: 3, reservedRows: 2, parents });

    expect(layout.positions).toEqual([3, 4, 4, 5, 4, 5, 5, 6]);
    // Columns: soft prompt (2) | committed (3) | tree (4) | contemplate (4).
    expect(grouped(layout.visibility, 8, [2, 3, 4, 4])).toEqual([
      '00|111|1000|0000',
      '00|111|1100|0000',
      '00|111|1010|0000',
      '00|111|1101|0000',
      '11|111|1000|1000',
      '11|111|1100|0100',
      '11|111|1010|0010',
      '11|111|1101|0001',
    ]);
  });

  it('works without a soft prompt or a committed prefix', () => {
    const layout = buildContemplateLayout({ committed: 0, reservedRows: 0, parents: [-1] });
    expect(layout.positions).toEqual([0, 1]);
    expect(Array.from(layout.visibility)).toEqual([1, 0, 1, 1]);
  });

  it.each([
    [{ committed: 0, reservedRows: 0, parents: [] }, /no nodes/],
    [{ committed: 0, reservedRows: 0, parents: [-1, 1] }, /parent 1 of node 1/],
    [{ committed: 0, reservedRows: 0, parents: [-1, -2] }, /parent -2 of node 1/],
    [{ committed: -1, reservedRows: 0, parents: [-1] }, /`committed` must be/],
    [{ committed: 0, reservedRows: 1.5, parents: [-1] }, /`reservedRows` must be/],
  ])('rejects %j', (options, message) => {
    expect(() => buildContemplateLayout(options)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(message),
      }),
    );
  });
});

describe('buildContemplatePrefillLayout', () => {
  it('keeps prompt tokens causal without the soft prompt; the contemplate token sees everything', () => {
    const layout = buildContemplatePrefillLayout({ committed: 1, reservedRows: 2, count: 3 });

    expect(layout.positions).toEqual([1, 2, 3, 4]);
    // Columns: soft prompt (2) | committed (1) | prompt (3) | contemplate (1).
    expect(grouped(layout.visibility, 4, [2, 1, 3, 1])).toEqual([
      '00|1|100|0',
      '00|1|110|0',
      '00|1|111|0',
      '11|1|111|1',
    ]);
  });

  it('rejects an empty prompt', () => {
    expect(() =>
      buildContemplatePrefillLayout({ committed: 0, reservedRows: 0, count: 0 }),
    ).toThrow(/at least 1/);
  });
});

describe('helpers', () => {
  it('builds a causal layout and repeats an embedding', () => {
    expect(buildCausalLayout(3)).toEqual({
      positions: [0, 1, 2],
      visibility: Uint8Array.from([1, 0, 0, 1, 1, 0, 1, 1, 1]),
    });
    expect(Array.from(repeatEmbedding(Float32Array.from([1, 2]), 3))).toEqual([1, 2, 1, 2, 1, 2]);
  });
});
