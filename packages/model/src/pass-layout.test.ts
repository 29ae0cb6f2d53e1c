import { describe, expect, it } from 'vitest';
import { buildCausalLayout, buildPassLayout } from './pass-layout.js';

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

describe('buildPassLayout', () => {
  it('keeps pass rows plain; an extra row sees its attached branch, itself and (optionally) the prefix', () => {
    // Root 0; 1 and 2 children of 0; 3 child of 1. One extra row per node.
    const parents = [-1, 0, 0, 1];
    const layout = buildPassLayout({
      committed: 3,
      reservedRows: 2,
      parents,
      plan: { attachTo: [0, 1, 2, 3], seePrefix: true },
    });

    expect(layout.positions).toEqual([3, 4, 4, 5, 4, 5, 5, 6]);
    // Columns: prefix (2) | committed (3) | pass rows (4) | extra rows (4).
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

  it('attaches a subset, hides the prefix unless asked and honours the position offset', () => {
    const layout = buildPassLayout({
      committed: 1,
      reservedRows: 2,
      parents: [-1, 0, 1],
      plan: { attachTo: [2, 0], positionOffset: 3 },
    });
    expect(layout.positions).toEqual([1, 2, 3, 6, 4]);
    expect(grouped(layout.visibility, 5, [2, 1, 3, 2])).toEqual([
      '00|1|100|00',
      '00|1|110|00',
      '00|1|111|00',
      '00|1|111|10',
      '00|1|100|01',
    ]);
  });

  it('works without a prefix, a committed prefix or extra rows', () => {
    const single = buildPassLayout({
      committed: 0,
      reservedRows: 0,
      parents: [-1],
      plan: { attachTo: [0] },
    });
    expect(single.positions).toEqual([0, 1]);
    expect(Array.from(single.visibility)).toEqual([1, 0, 1, 1]);
    const plain = buildPassLayout({
      committed: 2,
      reservedRows: 0,
      parents: [-1, 0],
      plan: { attachTo: [] },
    });
    expect(plain.positions).toEqual([2, 3]);
    expect(grouped(plain.visibility, 2, [2, 2])).toEqual(['11|10', '11|11']);
  });

  it.each([
    [{ committed: 0, reservedRows: 0, parents: [], plan: { attachTo: [] } }, /no rows/],
    [{ committed: 0, reservedRows: 0, parents: [-1, 1], plan: { attachTo: [] } }, /parent 1/],
    [{ committed: 0, reservedRows: 0, parents: [-1, -2], plan: { attachTo: [] } }, /parent -2/],
    [{ committed: -1, reservedRows: 0, parents: [-1], plan: { attachTo: [] } }, /`committed`/],
    [{ committed: 0, reservedRows: 1.5, parents: [-1], plan: { attachTo: [] } }, /`reservedRows`/],
    [{ committed: 0, reservedRows: 0, parents: [-1], plan: { attachTo: [1] } }, /outside the 1/],
    [
      { committed: 0, reservedRows: 0, parents: [-1], plan: { attachTo: [0], positionOffset: -1 } },
      /`positionOffset`/,
    ],
  ])('rejects %j', (options, message) => {
    expect(() => buildPassLayout(options)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(message),
      }),
    );
  });
});

describe('buildCausalLayout', () => {
  it('is causal over an empty cache', () => {
    expect(buildCausalLayout(3)).toEqual({
      positions: [0, 1, 2],
      visibility: Uint8Array.from([1, 0, 0, 1, 1, 0, 1, 1, 1]),
    });
  });
});
