import { describe, expect, it } from 'vitest';
import { startWatchdog } from './watchdog.js';

describe('startWatchdog', () => {
  it('reports, once, only the slot whose abort has been pending past the grace', async () => {
    const stuck = { name: 'stuck', abortPendingMs: () => 1000 };
    const ending = { name: 'ending', abortPendingMs: () => 10 };
    const running = { name: 'running', abortPendingMs: () => undefined };
    const reported: string[] = [];

    const watchdog = startWatchdog({
      slots: () => [stuck, ending, running],
      graceMs: 100,
      intervalMs: 5,
      onStuck: (slot) => reported.push(slot.name),
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    watchdog.stop();

    expect(reported).toEqual(['stuck']);
  });
});
