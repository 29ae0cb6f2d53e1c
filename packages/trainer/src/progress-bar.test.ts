import { describe, expect, it } from 'vitest';
import { createProgressBar, formatDuration } from './progress-bar.js';

describe('createProgressBar', () => {
  it('draws loss, tokens/s and ETA from the injected clock and stream', () => {
    const written: string[] = [];
    let clock = 1000;
    const bar = createProgressBar({
      totalSteps: 10,
      tokensPerStep: 1024,
      stream: { write: (text) => written.push(text) },
      now: () => clock,
      width: 10,
    });
    clock += 500;
    bar.update(1, `loss ${(8.31234).toFixed(4)}`);
    clock += 500;
    bar.update(2, 'loss 7.5000');
    bar.finish();
    expect(written[0]).toBe('\r[#---------]  10% 1/10 loss 8.3123 | 2048 tok/s | ETA 0:05');
    expect(written[1]).toBe('\r[##--------]  20% 2/10 loss 7.5000 | 2048 tok/s | ETA 0:04');
    expect(written[2]).toBe('\n');
  });

  it('measures from the first update when resuming mid-run', () => {
    const written: string[] = [];
    let clock = 0;
    const bar = createProgressBar({
      totalSteps: 100,
      tokensPerStep: 100,
      stream: { write: (text) => written.push(text) },
      now: () => clock,
    });
    clock = 2000;
    bar.update(51, 'loss 1.0000');
    expect(written[0]).toContain('51/100');
    expect(written[0]).toContain('50 tok/s');
    expect(written[0]).toContain('ETA 1:38');
  });
});

describe('createProgressBar with lines', () => {
  it('writes one line per tenth of the run when ticked, with no rate without tokensPerStep', () => {
    const written: string[] = [];
    let clock = 0;
    const bar = createProgressBar({
      totalSteps: 20,
      stream: { write: (text) => written.push(text) },
      now: () => clock,
      width: 4,
      lines: true,
    });
    for (let step = 1; step <= 20; step++) {
      clock += 1000;
      bar.tick('tau 2.00');
    }
    bar.finish();

    expect(written).toHaveLength(10);
    expect(written[0]).toBe('[----]  10% 2/20 tau 2.00 | ETA 0:18\n');
    expect(written[9]).toBe('[####] 100% 20/20 tau 2.00 | ETA 0:00\n');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0:00'],
    [59.6, '1:00'],
    [3725, '1:02:05'],
    [Number.POSITIVE_INFINITY, '--:--'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
