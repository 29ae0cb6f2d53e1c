import { describe, expect, it } from 'vitest';
import { createLrSchedule } from './lr-schedule.js';

describe('createLrSchedule', () => {
  it('warms up linearly, then follows a cosine to the minimum and stays there', () => {
    const lr = createLrSchedule({ peak: 1, warmupSteps: 4, totalSteps: 14, minimum: 0.1 });
    expect([1, 2, 3, 4].map(lr)).toEqual([0.25, 0.5, 0.75, 1]);
    expect(lr(9)).toBeCloseTo(0.55, 12); // half-way: minimum + (peak − minimum) / 2
    expect(lr(14)).toBeCloseTo(0.1, 12);
    expect(lr(100)).toBeCloseTo(0.1, 12);
  });

  it('decays linearly or stays constant', () => {
    const linear = createLrSchedule({ peak: 2, totalSteps: 10, decay: 'linear' });
    expect([0, 5, 10].map(linear)).toEqual([2, 1, 0]);
    const constant = createLrSchedule({ peak: 0.3, warmupSteps: 2, decay: 'constant' });
    expect([1, 2, 1000].map(constant)).toEqual([0.15, 0.3, 0.3]);
  });

  it.each([
    { peak: 0 },
    { peak: 1, decay: 'cosine' as const },
    { peak: 1, warmupSteps: 5, totalSteps: 3 },
    { peak: 1, minimum: 2, decay: 'constant' as const },
  ])('rejects %o', (options) => {
    expect(() => createLrSchedule(options)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
