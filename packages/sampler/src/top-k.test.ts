import { describe, expect, it } from 'vitest';
import { caught, keptIds, logitCases, ranking } from './__fixtures__/helpers.js';
import { applyTopK } from './top-k.js';

describe('applyTopK', () => {
  it('keeps exactly the k highest logits and leaves their values unchanged', () => {
    for (const [caseIndex, logits] of logitCases(4, 300).entries()) {
      const k = 1 + (caseIndex % logits.length);
      const original = logits.slice();

      applyTopK(logits, k);

      const expected = ranking(original)
        .slice(0, k)
        .sort((a, b) => a - b);
      expect(keptIds(logits)).toEqual(expected);
      for (const id of expected) expect(logits[id]).toBe(original[id]);
    }
  });

  it('breaks ties at the k-th value in favour of the lowest token ids', () => {
    const logits = new Float32Array([1, 2, 2, 3, 2, 0]);

    applyTopK(logits, 3);

    expect([...logits]).toEqual([-Infinity, 2, 2, 3, -Infinity, -Infinity]);
  });

  it('keeps k tokens when many logits are already -Infinity', () => {
    const logits = new Float32Array([-Infinity, 1, -Infinity, 1, -Infinity]);

    applyTopK(logits, 1);

    expect(keptIds(logits)).toEqual([1]);
  });

  it.each([0, 5, 9])('is a no-op when k is %s on 5 tokens', (k) => {
    const logits = new Float32Array([3, 1, 4, 1, 5]);

    applyTopK(logits, k);

    expect([...logits]).toEqual([3, 1, 4, 1, 5]);
  });

  it.each([-1, 1.5, Number.NaN])('throws INVALID_ARGUMENT for k %s', (k) => {
    expect(caught(() => applyTopK(new Float32Array([1]), k))).toEqual({
      name: 'ConfuError',
      code: 'INVALID_ARGUMENT',
      message: `\`topK\` must be an integer ≥ 0, got ${k}`,
    });
  });
});
