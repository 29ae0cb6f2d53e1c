import { describe, expect, it } from 'vitest';
import type { DecodedChunk } from './decoder-protocol.js';
import { createLiveStats } from './live-stats.js';

const round = (text: string, accepted: number, rejected: number): DecodedChunk => ({
  text,
  tokenCount: accepted + 1,
  draftPieces: [...text.slice(0, accepted)],
  round: { drafted: accepted + rejected, accepted, rejected },
});

describe('createLiveStats', () => {
  it('counts decode tokens/s and tau after the first token, and the rounds shown', () => {
    let clock = 100;
    const stats = createLiveStats(() => clock);

    stats.add({ text: 'a', tokenCount: 1, draftPieces: [] });
    clock = 300;
    stats.add(round('bcd', 2, 5));
    clock = 600;
    const snapshot = stats.add(round('e', 0, 4));

    expect(snapshot).toEqual({
      tokens: 5,
      tokensPerSecond: 8,
      tau: 2,
      rounds: 2,
      accepted: 2,
      rejected: 9,
      final: false,
    });
  });

  it('has no tau before the first pass after the prefill', () => {
    const stats = createLiveStats(() => 0);

    expect(stats.add({ text: 'a', tokenCount: 1, draftPieces: [] }).tau).toBeUndefined();
  });

  it("takes tokens/s and tau from the engine's stats of the last chunk, counts from the chunks", () => {
    const stats = createLiveStats(() => 0);
    stats.add({ text: 'a', tokenCount: 1, draftPieces: [] });
    stats.add(round('bcd', 2, 3));

    const snapshot = stats.add({
      ...round('ef', 1, 0),
      finishReason: 'length',
      stats: {
        promptTokens: 4,
        generatedTokens: 6,
        targetPasses: 3,
        acceptanceLength: 2.5,
        prefillMs: 10,
        decodeMs: 90,
        timeToFirstTokenMs: 10,
        tokensPerSecond: 60,
        decodeTokensPerSecond: 55.5,
        speculative: {
          rounds: 2,
          drafted: 6,
          accepted: 4,
          acceptanceRateByDepth: [1],
          meanTreeTokens: 4,
          meanTreeDepth: 2,
          draftMs: 1,
          verifyMs: 1,
          hostMs: 1,
          hostFraction: 0.01,
        },
      },
    });

    expect(snapshot).toEqual({
      tokens: 6,
      tokensPerSecond: 55.5,
      tau: 2.5,
      rounds: 2,
      accepted: 3,
      rejected: 3,
      final: true,
    });
  });
});
