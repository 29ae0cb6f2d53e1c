import type { LiveStatsSnapshot } from '../live-stats.js';

/** A pane's stats bar: `<dd data-stat="…">` elements inside its root. */
export interface StatsElements {
  readonly tokens: HTMLElement;
  readonly tokensPerSecond: HTMLElement;
  readonly tau: HTMLElement;
  readonly rounds: HTMLElement;
  readonly accepted: HTMLElement;
  readonly rejected: HTMLElement;
}

/** Looks the stats up inside `root`; throws naming the first one missing. */
export function findStats(root: HTMLElement): StatsElements {
  const get = (name: string): HTMLElement => {
    const element = root.querySelector<HTMLElement>(`[data-stat="${name}"]`);
    if (!element) throw new Error(`#${root.id} lacks [data-stat="${name}"]`);
    return element;
  };
  return {
    tokens: get('tokens'),
    tokensPerSecond: get('tokens-per-second'),
    tau: get('tau'),
    rounds: get('rounds'),
    accepted: get('accepted'),
    rejected: get('rejected'),
  };
}

/** Shown precision of tokens/s (the race's speed-up is the ratio of the shown rates). */
export function formatRate(tokensPerSecond: number): string {
  return tokensPerSecond.toFixed(1);
}

/** Writes a stats snapshot into a stats bar; tokens/s also goes to `data-value`. */
export function renderStats(elements: StatsElements, stats: LiveStatsSnapshot | undefined): void {
  elements.tokens.textContent = stats ? String(stats.tokens) : '–';
  elements.tokensPerSecond.textContent = stats ? formatRate(stats.tokensPerSecond) : '–';
  elements.tokensPerSecond.dataset.final = String(stats?.final ?? false);
  elements.tau.textContent = stats?.tau === undefined ? '–' : stats.tau.toFixed(2);
  elements.rounds.textContent = stats ? String(stats.rounds) : '–';
  elements.accepted.textContent = stats ? String(stats.accepted) : '–';
  elements.rejected.textContent = stats ? String(stats.rejected) : '–';
}
