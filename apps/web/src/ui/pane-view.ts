import type { Decoder } from '../decoder.js';
import type { GenerateRequest } from '../decoder-protocol.js';
import { createLiveStats } from '../live-stats.js';
import type { LiveStatsSnapshot } from '../live-stats.js';
import { createOutputView } from './output-view.js';
import { findStats, formatRate, renderStats } from './stats-view.js';

/** How a generation ended: its last stats, and why. */
export interface PaneResult {
  readonly stats: LiveStatsSnapshot;
  /** `stop` (end of text), `length` (max tokens) or undefined (aborted). */
  readonly finishReason: 'stop' | 'length' | undefined;
}

/** One output pane: `.output` and the stats bar inside `root`. */
export interface PaneView {
  readonly root: HTMLElement;
  clear(): void;
  /** Streams one generation of `decoder` into the pane. */
  run(decoder: Decoder, request: GenerateRequest, signal?: AbortSignal): Promise<PaneResult>;
  /** Shows `rate` as the pane's tokens/s, and each run's rate in its `[data-stat="runs"]`. */
  showRuns(rates: readonly number[], rate: number): void;
}

/** The pane at `root` (an element holding `.output` and `[data-stat]` elements). */
export function createPaneView(root: HTMLElement): PaneView {
  const container = root.querySelector<HTMLElement>('.output');
  if (!container) throw new Error(`#${root.id} lacks its .output`);
  const output = createOutputView(container);
  const stats = findStats(root);
  const runs = root.querySelector<HTMLElement>('[data-stat="runs"]');
  const clear = (): void => {
    output.clear();
    renderStats(stats, undefined);
    if (runs) runs.textContent = '';
    root.dataset.state = 'empty';
  };
  return {
    root,
    clear,
    async run(decoder, request, signal) {
      clear();
      root.dataset.state = 'generating';
      const live = createLiveStats();
      let finishReason: PaneResult['finishReason'];
      try {
        for await (const chunk of decoder.generate(request, signal)) {
          output.append(chunk);
          renderStats(stats, live.add(chunk));
          finishReason = chunk.finishReason ?? finishReason;
        }
      } catch (error) {
        root.dataset.state = 'error';
        throw error;
      }
      root.dataset.state = finishReason ? 'done' : 'stopped';
      return { stats: live.snapshot(), finishReason };
    },
    showRuns(rates, rate) {
      stats.tokensPerSecond.textContent = formatRate(rate);
      if (runs) {
        runs.textContent = `tokens/s of each run: ${rates.map(formatRate).join(' · ')} (median shown)`;
      }
    },
  };
}
