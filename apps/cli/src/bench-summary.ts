import type { GenerationStats } from '@confu/node';

/** Plain and speculative stats of one prompt. */
export interface BenchSample {
  readonly category: string;
  readonly baseline: GenerationStats;
  readonly speculative: GenerationStats;
}

/** Aggregated numbers of a set of prompts (ratios of sums, so long prompts weigh more). */
export interface BenchFigures {
  readonly acceptanceLength: number;
  readonly tokensPerSecond: number;
  readonly baselineTokensPerSecond: number;
  readonly speedup: number;
  readonly prompts: number;
  readonly hostFraction: number;
  readonly acceptanceRateByDepth: readonly number[];
  /** Mean verified tree (root included) and its depth per round. */
  readonly treeTokens: number;
  readonly treeDepth: number;
}

/** Overall and per-category figures. */
export function summarize(samples: readonly BenchSample[]): {
  overall: BenchFigures;
  categories: Record<string, BenchFigures>;
} {
  const categories: Record<string, BenchFigures> = {};
  for (const category of [...new Set(samples.map((sample) => sample.category))].sort()) {
    categories[category] = figures(samples.filter((sample) => sample.category === category));
  }
  return { overall: figures(samples), categories };
}

function figures(samples: readonly BenchSample[]): BenchFigures {
  const seconds = (stats: GenerationStats): number => (stats.prefillMs + stats.decodeMs) / 1000;
  const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
  const tokens = sum(samples.map((sample) => sample.speculative.generatedTokens));
  const baselineTokens = sum(samples.map((sample) => sample.baseline.generatedTokens));
  const tokensPerSecond = tokens / sum(samples.map((sample) => seconds(sample.speculative)));
  const baselineTokensPerSecond =
    baselineTokens / sum(samples.map((sample) => seconds(sample.baseline)));
  const rounds = sum(samples.map((sample) => sample.speculative.speculative?.rounds ?? 0));
  const accepted = sum(samples.map((sample) => sample.speculative.speculative?.accepted ?? 0));
  const hostMs = sum(samples.map((sample) => sample.speculative.speculative?.hostMs ?? 0));
  const perRound = (
    pick: (stats: NonNullable<GenerationStats['speculative']>) => number,
  ): number =>
    rounds > 0
      ? sum(
          samples.map((sample) => {
            const stats = sample.speculative.speculative;
            return stats ? pick(stats) * stats.rounds : 0;
          }),
        ) / rounds
      : 0;
  const decodeMs = sum(samples.map((sample) => sample.speculative.decodeMs));
  const depthCounts: number[] = [];
  for (const sample of samples) {
    const stats = sample.speculative.speculative;
    stats?.acceptanceRateByDepth.forEach((rate, depth) => {
      depthCounts[depth] = (depthCounts[depth] ?? 0) + rate * stats.rounds;
    });
  }
  return {
    acceptanceLength: rounds > 0 ? (accepted + rounds) / rounds : 1,
    tokensPerSecond,
    baselineTokensPerSecond,
    speedup: tokensPerSecond / baselineTokensPerSecond,
    prompts: samples.length,
    hostFraction: decodeMs > 0 ? hostMs / decodeMs : 0,
    acceptanceRateByDepth: depthCounts.map((count) => (rounds > 0 ? count / rounds : 0)),
    treeTokens: perRound((stats) => stats.meanTreeTokens),
    treeDepth: perRound((stats) => stats.meanTreeDepth),
  };
}
