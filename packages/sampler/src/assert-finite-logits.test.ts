import { describe, expect, it } from 'vitest';
import { assertFiniteLogits } from './assert-finite-logits.js';
import { caught } from './__fixtures__/helpers.js';

describe('assertFiniteLogits', () => {
  it('accepts finite logits mixed with -Infinity (masked tokens)', () => {
    expect(() => assertFiniteLogits(new Float32Array([0.5, -Infinity, -3]))).not.toThrow();
  });

  it('throws NUMERIC_ERROR when a logit is NaN', () => {
    expect(caught(() => assertFiniteLogits(new Float32Array([0, Number.NaN])))).toEqual({
      name: 'ConfuError',
      code: 'NUMERIC_ERROR',
      message: 'logit 1 is NaN; the model produced invalid numbers',
    });
  });

  it('throws NUMERIC_ERROR when a logit is +Infinity', () => {
    expect(caught(() => assertFiniteLogits(new Float32Array([Infinity, 0]))).code).toBe(
      'NUMERIC_ERROR',
    );
  });

  it('throws NUMERIC_ERROR when every logit is -Infinity', () => {
    expect(caught(() => assertFiniteLogits(new Float32Array([-Infinity, -Infinity])))).toEqual({
      name: 'ConfuError',
      code: 'NUMERIC_ERROR',
      message: 'every logit is -Infinity; no token can be sampled',
    });
  });

  it('throws INVALID_ARGUMENT when logits are empty', () => {
    expect(caught(() => assertFiniteLogits(new Float32Array(0))).code).toBe('INVALID_ARGUMENT');
  });
});
