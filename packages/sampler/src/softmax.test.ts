import { describe, expect, it } from 'vitest';
import { logitCases } from './__fixtures__/helpers.js';
import { softmax } from './softmax.js';

const sum = (values: Float32Array): number => values.reduce((total, value) => total + value, 0);

describe('softmax', () => {
  it('sums to 1 within 1e-6 for random logits', () => {
    for (const logits of logitCases(2, 300, 5000))
      expect(Math.abs(sum(softmax(logits)) - 1)).toBeLessThan(1e-6);
  });

  it('stays finite when logits are huge', () => {
    const probs = softmax(new Float32Array([3e38, 3e38, -3e38]));

    expect([...probs]).toEqual([0.5, 0.5, 0]);
  });

  it('gives -Infinity logits probability 0', () => {
    const probs = softmax(new Float32Array([Math.log(3), -Infinity, 0]));

    expect([...probs]).toEqual([0.75, 0, 0.25]);
  });

  it('does not change when a constant is added to every logit', () => {
    const logits = new Float32Array([0.25, -1.5, 2]);

    const shifted = softmax(logits.map((value) => value + 100));

    softmax(logits).forEach((p, index) => expect(shifted[index]).toBeCloseTo(p, 6));
  });
});
