import type { BenchFigures } from './bench-summary.js';

/** What `confu bench` reports (its `--json` object), as far as the table reads it. */
export interface BenchReport {
  readonly overall: BenchFigures;
  readonly categories: Readonly<Record<string, BenchFigures>>;
  readonly config: { readonly model: string; readonly draft: { readonly method: string } };
}

/**
 * The human-readable `confu bench` output: one row per category and one for all prompts, with
 * tau, both speeds and the speed-up (`--json` prints the full numbers).
 */
export function formatBenchTable(report: BenchReport): string {
  const header = ['category', 'prompts', 'tau', 'plain tok/s', 'spec tok/s', 'speed-up', 'tree'];
  const row = (name: string, figures: BenchFigures): string[] => [
    name,
    String(figures.prompts),
    figures.acceptanceLength.toFixed(2),
    figures.baselineTokensPerSecond.toFixed(1),
    figures.tokensPerSecond.toFixed(1),
    `${figures.speedup.toFixed(2)}×`,
    figures.treeTokens > 0
      ? `${figures.treeTokens.toFixed(1)} nodes, depth ${figures.treeDepth.toFixed(1)}`
      : '–',
  ];
  const rows = [
    header,
    ...Object.entries(report.categories).map(([name, figures]) => row(name, figures)),
    row('all', report.overall),
  ];
  const widths = header.map((_, column) =>
    Math.max(...rows.map((cells) => (cells[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  const title = `${report.config.model} · draft ${report.config.draft.method}`;
  return [
    title,
    line(header),
    rule,
    ...rows.slice(1, -1).map(line),
    rule,
    line(rows.at(-1) ?? []),
  ].join('\n');
}
