import { describe, expect, it } from 'vitest';
import { KvCache } from './kv-cache.js';

function rows(values: number[], rowSize: number): Float32Array {
  return Float32Array.from(values.flatMap((value) => Array<number>(rowSize).fill(value)));
}

describe('KvCache', () => {
  it('appends all rows, then a chosen subset, growing past its initial capacity', () => {
    const cache = new KvCache({ numLayers: 2, rowSize: 3, maxLength: 16, initialCapacity: 2 });

    cache.append([rows([1, 2], 3), rows([10, 20], 3)], [rows([-1, -2], 3), rows([-10, -20], 3)]);
    cache.append(
      [rows([3, 4, 5], 3), rows([30, 40, 50], 3)],
      [rows([-3, -4, -5], 3), rows([-30, -40, -50], 3)],
      {
        rows: [0, 2],
      },
    );

    expect(cache.length).toBe(4);
    expect(Array.from(cache.keys(0))).toEqual(Array.from(rows([1, 2, 3, 5], 3)));
    expect(Array.from(cache.values(1))).toEqual(Array.from(rows([-10, -20, -30, -50], 3)));
  });

  it('truncates and keeps an ascending subset of rows', () => {
    const cache = new KvCache({ numLayers: 1, rowSize: 2, maxLength: 8 });
    cache.append([rows([0, 1, 2, 3, 4, 5], 2)], [rows([0, 1, 2, 3, 4, 5], 2)]);

    cache.truncate(5);
    cache.keep([0, 1, 3, 4]);

    expect(Array.from(cache.keys(0))).toEqual(Array.from(rows([0, 1, 3, 4], 2)));
    expect(Array.from(cache.values(0))).toEqual(Array.from(rows([0, 1, 3, 4], 2)));
  });

  it('rejects overflow, bad rows and unsorted indices without changing its contents', () => {
    const cache = new KvCache({ numLayers: 1, rowSize: 1, maxLength: 2 });
    cache.append([rows([7], 1)], [rows([7], 1)]);

    expect(() => cache.append([rows([1, 2], 1)], [rows([1, 2], 1)])).toThrow(
      expect.objectContaining({ code: 'CONTEXT_OVERFLOW' }),
    );
    expect(() => cache.append([rows([1], 1)], [rows([1], 1)], { rows: [3] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => cache.keep([0, 0])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(Array.from(cache.keys(0))).toEqual([7]);
  });

  it('keeps a reserved prefix: counted in length, not in committed, kept by clear()', () => {
    const cache = new KvCache({ numLayers: 1, rowSize: 2, maxLength: 8, reservedRows: 2 });
    expect([cache.length, cache.committed, cache.reservedRows]).toEqual([0, 0, 2]);
    cache.append([rows([1, 2, 3], 2)], [rows([1, 2, 3], 2)]);
    expect([cache.length, cache.committed]).toEqual([3, 1]);
    cache.clear();
    expect(Array.from(cache.keys(0))).toEqual([1, 1, 2, 2]);
    expect(() => new KvCache({ numLayers: 1, rowSize: 2, maxLength: 8, reservedRows: 9 })).toThrow(
      /reservedRows/,
    );
    expect(() => new KvCache({ numLayers: 1, rowSize: 2, maxLength: 8, reservedRows: -1 })).toThrow(
      /reservedRows/,
    );
  });
});
