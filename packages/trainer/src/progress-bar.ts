/** Where the bar is drawn: anything with `write`, e.g. `process.stderr`. */
export interface ProgressStream {
  write(text: string): unknown;
}

/** Options of {@link createProgressBar}. */
export interface ProgressBarOptions {
  readonly totalSteps: number;
  /** Tokens processed per update, for tokens/s. */
  readonly tokensPerStep: number;
  readonly stream: ProgressStream;
  /** Milliseconds clock. Default `performance.now`. */
  readonly now?: () => number;
  /** Bar cells. Default 24. */
  readonly width?: number;
}

/** A single-line progress bar redrawn with `\r`. */
export interface ProgressBar {
  /** Redraws after update `step` (1-based) with its loss. */
  update(step: number, loss: number): void;
  /** Ends the line. */
  finish(): void;
}

/** `h:mm:ss` or `m:ss`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const total = Math.max(0, Math.round(seconds));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (value: number): string => String(value).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/**
 * A progress bar with loss, tokens/s (average since the bar was created) and ETA. The stream and
 * clock are injected, so it works in any environment and is testable.
 */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const now = options.now ?? (() => performance.now());
  const width = options.width ?? 24;
  const start = now();
  let first: number | undefined;
  return {
    update(step, loss) {
      first ??= step - 1;
      const done = step - first;
      const seconds = (now() - start) / 1000;
      const rate = seconds > 0 ? (done * options.tokensPerStep) / seconds : 0;
      const eta =
        done > 0 ? ((options.totalSteps - step) * seconds) / done : Number.POSITIVE_INFINITY;
      const filled = Math.round((Math.min(step, options.totalSteps) / options.totalSteps) * width);
      const bar = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
      const percent = String(Math.floor((100 * step) / options.totalSteps)).padStart(3);
      options.stream.write(
        `\r[${bar}] ${percent}% ${step}/${options.totalSteps} loss ${loss.toFixed(4)} | ${Math.round(rate)} tok/s | ETA ${formatDuration(eta)}`,
      );
    },
    finish() {
      options.stream.write('\n');
    },
  };
}
