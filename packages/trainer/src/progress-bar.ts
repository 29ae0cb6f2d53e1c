/** Where the bar is drawn: anything with `write`, e.g. `process.stderr`. */
export interface ProgressStream {
  write(text: string): unknown;
}

/** Options of {@link createProgressBar}. */
export interface ProgressBarOptions {
  readonly totalSteps: number;
  /** Tokens processed per update, for tokens/s. Default: no rate shown. */
  readonly tokensPerStep?: number;
  readonly stream: ProgressStream;
  /** Milliseconds clock. Default `performance.now`. */
  readonly now?: () => number;
  /** Bar cells. Default 24. */
  readonly width?: number;
  /**
   * Write one line per tenth of the run instead of redrawing a single line with `\r` (for logs and
   * streams that are not terminals). Default false.
   */
  readonly lines?: boolean;
}

/** A single-line progress bar. */
export interface ProgressBar {
  /** Redraws after update `step` (1-based); `detail` follows the count, e.g. `loss 1.2345`. */
  update(step: number, detail?: string): void;
  /** {@link ProgressBar.update} for the step after the last one. */
  tick(detail?: string): void;
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
 * A progress bar with a caller's detail, tokens/s (average since the first update) and ETA. The
 * stream and clock are injected, so it works in any environment and is testable.
 */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const now = options.now ?? (() => performance.now());
  const width = options.width ?? 24;
  const total = options.totalSteps;
  const every = Math.max(1, Math.ceil(total / 10));
  const start = now();
  let first: number | undefined;
  let last = 0;
  const bar: ProgressBar = {
    update(step, detail = '') {
      first ??= step - 1;
      last = step;
      const done = step - first;
      const seconds = (now() - start) / 1000;
      const eta = done > 0 ? ((total - step) * seconds) / done : Number.POSITIVE_INFINITY;
      const filled = Math.round((Math.min(step, total) / total) * width);
      const cells = `${'#'.repeat(filled)}${'-'.repeat(width - filled)}`;
      const percent = String(Math.floor((100 * step) / total)).padStart(3);
      const fields = [`[${cells}] ${percent}% ${step}/${total}${detail ? ` ${detail}` : ''}`];
      if (options.tokensPerStep !== undefined) {
        const rate = seconds > 0 ? (done * options.tokensPerStep) / seconds : 0;
        fields.push(`${Math.round(rate)} tok/s`);
      }
      fields.push(`ETA ${formatDuration(eta)}`);
      const line = fields.join(' | ');
      if (!options.lines) options.stream.write(`\r${line}`);
      else if (step >= total || step % every === 0) options.stream.write(`${line}\n`);
    },
    tick(detail) {
      bar.update(last + 1, detail);
    },
    finish() {
      if (!options.lines) options.stream.write('\n');
    },
  };
  return bar;
}
