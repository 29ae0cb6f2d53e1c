import { describe, expect, it } from 'vitest';
import { caught, logitCases } from './__fixtures__/helpers.js';
import { applyRepetitionPenalty } from './repetition-penalty.js';

describe('applyRepetitionPenalty', () => {
  it('divides positive logits and multiplies negative ones for tokens in the history', () => {
    const logits = new Float32Array([4, -4, 0, 4, -4]);

    applyRepetitionPenalty(logits, [0, 1, 2], 2);

    expect([...logits]).toEqual([2, -8, 0, 4, -4]);
  });

  it('penalises a token once however often it repeats', () => {
    const logits = new Float32Array([9, -1]);

    applyRepetitionPenalty(logits, [0, 0, 0, 1, 1], 3);

    expect([...logits]).toEqual([3, -3]);
  });

  it('never raises a seen token when penalty > 1 and never lowers it when penalty < 1', () => {
    for (const logits of logitCases(9, 200)) {
      const history = [...logits.keys()].filter((id) => id % 3 === 0);
      const original = logits.slice();
      const boosted = logits.slice();

      applyRepetitionPenalty(logits, history, 1.3);
      applyRepetitionPenalty(boosted, history, 0.7);

      for (const id of history) {
        expect(logits[id]).toBeLessThanOrEqual(original[id] as number);
        expect(boosted[id]).toBeGreaterThanOrEqual(original[id] as number);
      }
      for (const id of logits.keys()) if (id % 3 !== 0) expect(logits[id]).toBe(original[id]);
    }
  });

  it.each([0, -1, Infinity, Number.NaN])('throws INVALID_ARGUMENT for penalty %s', (penalty) => {
    expect(caught(() => applyRepetitionPenalty(new Float32Array([1]), [], penalty))).toEqual({
      name: 'ConfuError',
      code: 'INVALID_ARGUMENT',
      message: `\`repetitionPenalty\` must be a finite number > 0, got ${penalty}`,
    });
  });

  it.each([-1, 3, 0.5])('throws INVALID_ARGUMENT when the history holds id %s', (id) => {
    expect(caught(() => applyRepetitionPenalty(new Float32Array(3), [0, id], 1.2))).toEqual({
      name: 'ConfuError',
      code: 'INVALID_ARGUMENT',
      message: `\`history\` must contain token ids in [0, 3), got ${id} at index 1`,
    });
  });
});
