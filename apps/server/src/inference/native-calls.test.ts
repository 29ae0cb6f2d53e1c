import { load } from '@confu/node';
import { hasStories260k, stories260kDirectory } from '@internal/test-utils';
import { describe, expect, it } from 'vitest';
import { createNativeCallFlag, nativeCallProfiler, outsideNativeCall } from './native-calls.js';

describe.skipIf(!hasStories260k('nativeCallProfiler on stories260K'))('nativeCallProfiler', () => {
  it('raises the flag for exactly the duration of every session run', async () => {
    const flag = createNativeCallFlag();
    const profiler = nativeCallProfiler(flag);
    let runs = 0;
    let raisedAtEnd = 0;
    const llm = await load(stories260kDirectory, {
      draft: { method: 'ngram' },
      profiler: {
        get phase() {
          return profiler.phase;
        },
        set phase(value) {
          profiler.phase = value;
        },
        now: () => profiler.now(),
        record(name, ms) {
          if (name.endsWith('.run')) {
            runs++;
            if (Atomics.load(flag, 0) === 1) raisedAtEnd++;
          }
          profiler.record(name, ms);
        },
      },
    });
    try {
      await llm.generate('Once upon a time', { maxTokens: 8, temperature: 0 });
    } finally {
      await llm.dispose();
    }

    expect(runs).toBeGreaterThan(0);
    expect(raisedAtEnd).toBe(runs);
    expect(Atomics.load(flag, 0)).toBe(0);
  });

  it('outsideNativeCall waits while the flag is raised', async () => {
    const flag = createNativeCallFlag();
    Atomics.store(flag, 0, 1);
    let outside = false;
    const waiting = outsideNativeCall(flag, 1).then(() => (outside = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    const whileRaised = outside;

    Atomics.store(flag, 0, 0);
    await waiting;

    expect({ whileRaised, outside }).toEqual({ whileRaised: false, outside: true });
  });
});
