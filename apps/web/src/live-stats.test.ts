import { describe, expect, it } from 'vitest';
import { createLiveStats } from './live-stats.js';

describe('createLiveStats', () => {
  it('counts tokens per target pass after the prefill as tau', () => {
    let clock = 0;
    const stats = createLiveStats(() => clock);

    stats.add({ text: 'a', draftText: '', tokenCount: 1, acceptedCount: 0 });
    stats.add({ text: 'bcd', draftText: 'bc', tokenCount: 3, acceptedCount: 2 });
    clock = 500;
    const snapshot = stats.add({ text: 'e', draftText: '', tokenCount: 1, acceptedCount: 0 });

    expect(snapshot).toEqual({
      tokens: 5,
      elapsedMs: 500,
      tokensPerSecond: 10,
      tau: 2,
      rounds: 2,
      accepted: 2,
      final: false,
    });
  });

  it('has no tau before the first round', () => {
    const stats = createLiveStats(() => 0);

    expect(
      stats.add({ text: 'a', draftText: '', tokenCount: 1, acceptedCount: 0 }).tau,
    ).toBeUndefined();
  });

  it('switches to the engine stats of the last chunk', () => {
    const stats = createLiveStats(() => 0);

    const snapshot = stats.add({
      text: '',
      draftText: '',
      tokenCount: 0,
      acceptedCount: 0,
      finishReason: 'length',
      stats: {
        promptTokens: 4,
        generatedTokens: 9,
        targetPasses: 4,
        acceptanceLength: 2.5,
        prefillMs: 10,
        decodeMs: 90,
        timeToFirstTokenMs: 10,
        tokensPerSecond: 90,
        decodeTokensPerSecond: 80,
        speculative: {
          rounds: 3,
          drafted: 12,
          accepted: 5,
          acceptanceRateByDepth: [1],
          draftMs: 1,
          verifyMs: 1,
          hostMs: 1,
          hostFraction: 0.01,
        },
      },
    });

    expect(snapshot).toEqual({
      tokens: 9,
      elapsedMs: 100,
      tokensPerSecond: 90,
      tau: 2.5,
      rounds: 3,
      accepted: 5,
      final: true,
    });
  });
});
