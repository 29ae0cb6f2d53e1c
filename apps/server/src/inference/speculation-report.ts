import type { DraftKind, GenerationStats } from '@confu/node';
import type { SpeculationReport } from './messages.js';

/**
 * The per-request report from the engine's final stats. A generation cut by a stop string has
 * no final stats; its report is rebuilt from the chunk sizes (one chunk per round after the
 * prefill's), with `drafted` unknown (`null`).
 */
export function speculationReport(
  method: DraftKind,
  stats: GenerationStats | undefined,
  chunkSizes: readonly number[],
): SpeculationReport {
  const speculative = stats?.speculative;
  if (speculative) {
    const { rounds, acceptanceRateByDepth } = speculative;
    // Rounds that accepted at least d tokens, d = 0, 1, ...; differences give "exactly d".
    const atLeast = [rounds, ...acceptanceRateByDepth.map((rate) => Math.round(rate * rounds)), 0];
    return {
      method,
      acceptanceLength: stats.acceptanceLength,
      rounds,
      drafted: speculative.drafted,
      accepted: speculative.accepted,
      acceptedHistogram: atLeast
        .slice(0, -1)
        .map((count, depth) => count - (atLeast[depth + 1] ?? 0)),
    };
  }
  if (method === 'none' || chunkSizes.length <= 1) {
    return {
      method,
      acceptanceLength: 1,
      rounds: 0,
      drafted: method === 'none' ? 0 : null,
      accepted: 0,
      acceptedHistogram: [],
    };
  }
  const rounds = chunkSizes.slice(1);
  const committed = rounds.reduce((sum, size) => sum + size, 0);
  return {
    method,
    acceptanceLength: committed / rounds.length,
    rounds: rounds.length,
    drafted: null,
    accepted: committed - rounds.length,
    acceptedHistogram: [],
  };
}
