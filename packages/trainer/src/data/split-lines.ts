/**
 * Re-chunks streamed text into lines (without their `\n` / `\r\n`), holding at most one partial
 * line in memory. A final line without a newline is yielded too; an empty input yields nothing.
 */
export async function* splitLines(
  chunks: AsyncIterable<string> | Iterable<string>,
): AsyncGenerator<string, void> {
  let pending = '';
  for await (const chunk of chunks) {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      yield stripCarriageReturn(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }
  if (pending.length > 0) yield stripCarriageReturn(pending);
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
