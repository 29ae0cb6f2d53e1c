import { describe, expect, it } from 'vitest';
import { caught, keptIds, logitCases } from './__fixtures__/helpers.js';
import { applyMinP } from './min-p.js';
import { softmax64 } from './softmax.js';

const MIN_PS = [0.01, 0.05, 0.1, 0.3, 0.9];

describe('applyMinP', () => {
  it('keeps exactly the tokens with probability ≥ minP × the top probability', () => {
    for (const [caseIndex, logits] of logitCases(8, 300).entries()) {
      const minP = MIN_PS[caseIndex % MIN_PS.length] as number;
      const probs = softmax64(logits);
      const top = Math.max(...probs);

      applyMinP(logits, minP);

      const expected = [...probs.keys()].filter(
        (id) => (probs[id] as number) >= minP * top * (1 - 1e-12),
      );
      expect(keptIds(logits)).toEqual(expected);
    }
  });

  it('keeps only the tokens tied with the maximum when minP is 1', () => {
    const logits = new Float32Array([2, 3, 3, 1]);

    applyMinP(logits, 1);

    expect(keptIds(logits)).toEqual([1, 2]);
  });

  it('is a no-op when minP is 0', () => {
    const logits = new Float32Array([100, -100, 0]);

    applyMinP(logits, 0);

    expect([...logits]).toEqual([100, -100, 0]);
  });

  it.each([-0.1, 1.1, Number.NaN])('throws INVALID_ARGUMENT for minP %s', (minP) => {
    expect(caught(() => applyMinP(new Float32Array([1]), minP))).toEqual({
      name: 'ConfuError',
      code: 'INVALID_ARGUMENT',
      message: `\`minP\` must be in [0, 1], got ${minP}`,
    });
  });
});
