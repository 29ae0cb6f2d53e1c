/** A one-line progress bar for stderr; silent when stderr is not a terminal except for a final line. */
export function createProgressBar(
  total: number,
  stream: NodeJS.WriteStream,
): { tick(note?: string): void; done(): void } {
  let count = 0;
  const started = Date.now();
  const render = (note: string): void => {
    const width = 24;
    const filled = Math.round((count / total) * width);
    const elapsed = (Date.now() - started) / 1000;
    const eta = count > 0 ? (elapsed / count) * (total - count) : 0;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total} ${note} eta ${eta.toFixed(0)}s`;
    if (stream.isTTY) stream.write(`\r${line}`);
    else if (count === total || count % Math.max(1, Math.ceil(total / 10)) === 0)
      stream.write(`${line}\n`);
  };
  return {
    tick(note = '') {
      count++;
      render(note);
    },
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
