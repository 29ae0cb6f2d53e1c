import { describe, expect, it } from 'vitest';
import type { GenerationStats } from '@confu/node';
import { speculationReport } from './speculation-report.js';

const stats = (speculative?: GenerationStats['speculative']): GenerationStats => ({
  promptTokens: 5,
  generatedTokens: 12,
  targetPasses: 5,
  acceptanceLength: 2.75,
  prefillMs: 1,
  decodeMs: 1,
  timeToFirstTokenMs: 1,
  tokensPerSecond: 1,
  decodeTokensPerSecond: 1,
  ...(speculative ? { speculative } : {}),
});

describe('speculationReport', () => {
  it('turns acceptance rates by depth into a histogram of accepted tokens per round', () => {
    const report = speculationReport(
      'ngram',
      stats({
        rounds: 4,
        drafted: 20,
        accepted: 8,
        acceptanceRateByDepth: [0.75, 0.5, 0.5, 0.25],
        draftMs: 0,
        verifyMs: 0,
        hostMs: 0,
        hostFraction: 0,
      }),
      [],
    );

    expect(report).toEqual({
      method: 'ngram',
      acceptanceLength: 2.75,
      rounds: 4,
      drafted: 20,
      accepted: 8,
      acceptedHistogram: [1, 1, 0, 1, 1],
    });
  });

  it('reports plain decoding as tau 1 with no rounds', () => {
    expect(speculationReport('none', stats(), [1, 1, 1])).toMatchObject({
      acceptanceLength: 1,
      rounds: 0,
      drafted: 0,
    });
  });

  it('rebuilds tau from chunk sizes when a stop string cut the generation', () => {
    expect(speculationReport('ngram', undefined, [1, 3, 1, 2])).toEqual({
      method: 'ngram',
      acceptanceLength: 2,
      rounds: 3,
      drafted: null,
      accepted: 3,
      acceptedHistogram: [],
    });
  });
});
