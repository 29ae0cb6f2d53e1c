import { describe, expect, it } from 'vitest';
import type { Decoder } from './decoder.js';
import type { GenerateRequest } from './decoder-protocol.js';
import { median, runRace } from './race.js';
import type { PaneView } from './ui/pane-view.js';

const request: GenerateRequest = {
  prompt: 'Once',
  maxTokens: 4,
  temperature: 0,
  drafter: { kind: 'eagle3', tree: 'auto', head: { from: 'own' } },
};

/**
 * A decoder that records the method of each generation and streams one chunk, whose stats give
 * plain runs the tokens/s of `plainRates` in turn (then the last one again).
 */
function recordingDecoder(log: string[], plainRates: readonly number[] = [100]): Decoder {
  let plainRun = 0;
  return {
    load: () => Promise.resolve({ vocabSize: 1, contextLength: 1, dtype: 'fp32', ownHeads: [] }),
    async *generate(generateRequest) {
      const kind = generateRequest.drafter.kind;
      log.push(`decoder ${kind}`);
      const rate =
        kind === 'none' ? (plainRates[Math.min(plainRun++, plainRates.length - 1)] ?? 0) : 1;
      yield {
        text: 'a',
        tokenCount: 1,
        draftPieces: [],
        stats: {
          promptTokens: 1,
          generatedTokens: 1,
          targetPasses: 1,
          acceptanceLength: 1,
          prefillMs: 1,
          decodeMs: 1,
          timeToFirstTokenMs: 1,
          tokensPerSecond: rate,
          decodeTokensPerSecond: rate,
        },
      };
    },
    dispose: () => Promise.resolve(),
  };
}

/** A pane whose runs report `rates` in turn, recording what it is asked to do. */
function pane(name: string, rates: readonly number[], log: string[]): PaneView {
  let run = 0;
  return {
    root: undefined as unknown as HTMLElement,
    clear: () => log.push(`${name} clear`),
    run: (_decoder, paneRequest) => {
      log.push(`${name} ${paneRequest.drafter.kind}`);
      const stats = {
        tokens: 4,
        tokensPerSecond: rates[run++ % rates.length] ?? 0,
        tau: 1,
        rounds: 0,
        accepted: 0,
        rejected: 0,
        final: true,
      };
      return Promise.resolve({ stats, finishReason: 'length' });
    },
    showRuns: (shownRates, rate) => log.push(`${name} shows ${rate} of ${shownRates.join(' ')}`),
  };
}

describe('runRace', () => {
  it('warms both up unshown, then takes turns plain / speculative, then shows the medians', async () => {
    const log: string[] = [];

    await runRace(
      recordingDecoder(log),
      request,
      { plain: pane('plain', [100], log), speculative: pane('speculative', [250], log) },
      { runs: 2 },
    );

    expect(log).toEqual([
      'plain clear',
      'speculative clear',
      'decoder none',
      'decoder eagle3',
      'decoder none',
      'decoder eagle3',
      'plain none',
      'speculative eagle3',
      'plain none',
      'speculative eagle3',
      'plain shows 100 of 100 100',
      'speculative shows 250 of 250 250',
    ]);
  });

  it("warms up until plain's tokens/s settles, within its bounds", async () => {
    const warmUps = async (plainRates: readonly number[]): Promise<number> => {
      const log: string[] = [];
      await runRace(
        recordingDecoder(log, plainRates),
        request,
        { plain: pane('plain', [1], log), speculative: pane('speculative', [1], log) },
        { runs: 1, warmUp: { min: 2, max: 5, settle: 0.1 } },
      );
      return log.filter((line) => line === 'decoder none').length;
    };

    expect([
      await warmUps([100, 105]),
      await warmUps([100, 200, 300, 320]),
      await warmUps([100, 200, 400, 800, 1600, 3200]),
    ]).toEqual([2, 4, 5]);
  });

  it('reports the ratio of the median tokens/s as shown (one decimal)', async () => {
    const log: string[] = [];

    const result = await runRace(recordingDecoder(log), request, {
      plain: pane('plain', [120.04, 20, 500], log),
      speculative: pane('speculative', [9, 300.06, 800], log),
    });

    expect([result?.plainRate, result?.speculativeRate, result?.speedup]).toEqual([
      120.04,
      300.06,
      300.1 / 120,
    ]);
  });

  it("records the raced model's dtype (fp32 unless told)", async () => {
    const race = (dtype?: 'q8') =>
      runRace(
        recordingDecoder([]),
        request,
        { plain: pane('plain', [1], []), speculative: pane('speculative', [1], []) },
        { runs: 1, ...(dtype ? { dtype } : {}) },
      );

    expect([(await race('q8'))?.dtype, (await race())?.dtype]).toEqual(['q8', 'fp32']);
  });

  it('refuses plain decoding, which has nothing to race', async () => {
    const log: string[] = [];

    const failure = await runRace(
      recordingDecoder(log),
      { ...request, drafter: { kind: 'none', tree: 'auto' } },
      { plain: pane('plain', [1], log), speculative: pane('speculative', [1], log) },
    ).catch((error: unknown) => error);

    expect([failure, log]).toEqual([expect.objectContaining({ code: 'INVALID_ARGUMENT' }), []]);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect([median([3, 1, 2]), median([4, 1, 3, 2])]).toEqual([2, 2.5]);
  });
});
