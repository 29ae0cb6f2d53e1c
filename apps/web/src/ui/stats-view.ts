import type { LiveStatsSnapshot } from '../live-stats.js';
import type { AppElements } from './elements.js';

/** Writes a stats snapshot into the stats bar. */
export function renderStats(elements: AppElements, stats: LiveStatsSnapshot | undefined): void {
  elements.statTokens.textContent = stats ? String(stats.tokens) : '–';
  elements.statTokensPerSecond.textContent = stats ? stats.tokensPerSecond.toFixed(1) : '–';
  elements.statTau.textContent = stats?.tau === undefined ? '–' : stats.tau.toFixed(2);
  elements.statAccepted.textContent = stats ? String(stats.accepted) : '–';
}
