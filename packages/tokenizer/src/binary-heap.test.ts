import { describe, expect, it } from 'vitest';
import { BinaryHeap } from './binary-heap.js';

describe('BinaryHeap', () => {
  it('pops items in the order `before` defines, then undefined', () => {
    const heap = new BinaryHeap<number>((a, b) => a < b);
    const values = Array.from({ length: 500 }, (_, index) => (index * 7919) % 503);
    for (const value of values) heap.push(value);
    expect(heap.size).toBe(500);
    const popped = Array.from({ length: 500 }, () => heap.pop());
    expect(popped).toEqual([...values].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
  });
});
