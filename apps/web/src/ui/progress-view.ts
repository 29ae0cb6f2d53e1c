import type { FileProgress } from '@confu/browser';

/** The load progress bar: a `<progress>` and a line of text. */
export interface ProgressView {
  /** Shows an empty bar. */
  start(): void;
  /** Counts one file's report: the bar is bytes received ÷ bytes of the files reported so far. */
  update(progress: FileProgress): void;
  /** Hides the bar (loads without downloads). */
  hide(): void;
}

/** The view over `bar` (inside its `container`) and `text`. */
export function createProgressView(
  container: HTMLElement,
  bar: HTMLProgressElement,
  text: HTMLElement,
): ProgressView {
  const files = new Map<string, FileProgress>();
  const megabytes = (bytes: number): string => (bytes / 2 ** 20).toFixed(2);
  return {
    start() {
      files.clear();
      bar.max = 1;
      bar.value = 0;
      text.textContent = '';
      container.hidden = false;
    },
    update(progress) {
      files.set(progress.file, progress);
      let received = 0;
      let total = 0;
      let done = 0;
      for (const file of files.values()) {
        received += file.receivedBytes;
        total += file.totalBytes;
        if (file.done) done++;
      }
      bar.max = Math.max(total, 1);
      bar.value = Math.min(received, bar.max);
      text.textContent = `${progress.file}: ${megabytes(progress.receivedBytes)} / ${megabytes(progress.totalBytes)} MB · ${done} of ${files.size} files · ${megabytes(received)} MB in all`;
    },
    hide() {
      container.hidden = true;
    },
  };
}
