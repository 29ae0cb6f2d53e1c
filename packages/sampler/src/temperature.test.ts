import { describe, expect, it } from 'vitest';
import { caught, logitCases } from './__fixtures__/helpers.js';
import { softmax } from './softmax.js';
import { applyTemperature } from './temperature.js';

/** Reference: softmax(l / T) in float64 without the max shift. */
function reference(logits: Float32Array, temperature: number): number[] {
  const scaled = Array.from(logits, (value) => value / temperature);
  const max = Math.max(...scaled);
  const exps = scaled.map((value) => Math.exp(value - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / total);
}

describe('applyTemperature', () => {
  it('scales in place so the softmax equals softmax(logits / temperature)', () => {
    for (const [caseIndex, logits] of logitCases(3, 100).entries()) {
      const temperature = [0.1, 0.5, 0.7, 1.3, 4][caseIndex % 5] as number;
      const expected = reference(logits, temperature);

      const result = applyTemperature(logits, temperature);

      expect(result).toBe(logits);
      softmax(result).forEach((p, index) => expect(p).toBeCloseTo(expected[index] as number, 6));
    }
  });

  it('leaves logits untouched when temperature is 1', () => {
    const logits = new Float32Array([1, -2, 3]);

    applyTemperature(logits, 1);

    expect([...logits]).toEqual([1, -2, 3]);
  });

  it('does not overflow when the temperature is tiny', () => {
    const logits = applyTemperature(new Float32Array([5, 4, -Infinity]), 1e-40);

    expect([...softmax(logits)]).toEqual([1, 0, 0]);
  });

  it.each([0, -1, Infinity, Number.NaN])(
    'throws INVALID_ARGUMENT for temperature %s',
    (temperature) => {
      expect(caught(() => applyTemperature(new Float32Array([1]), temperature))).toEqual({
        name: 'ConfuError',
        code: 'INVALID_ARGUMENT',
        message: `\`temperature\` must be a finite number > 0, got ${temperature}`,
      });
    },
  );
});
