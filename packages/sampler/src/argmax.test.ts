import { describe, expect, it } from 'vitest';
import { argmax } from './argmax.js';
import { caught, logitCases, ranking } from './__fixtures__/helpers.js';

describe('argmax', () => {
  it('returns the first index of the maximum when values tie', () => {
    expect(argmax(new Float32Array([1, 3, -Infinity, 3, 2]))).toBe(1);
  });

  it('returns the top of the ranking for random logits', () => {
    for (const logits of logitCases(1, 200)) expect(argmax(logits)).toBe(ranking(logits)[0]);
  });

  it('throws INVALID_ARGUMENT when values are empty', () => {
    expect(caught(() => argmax(new Float32Array(0)))).toEqual({
      name: 'ConfuError',
      code: 'INVALID_ARGUMENT',
      message: '`values` must not be empty',
    });
  });
});
