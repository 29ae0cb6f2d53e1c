// @ts-check
// `pnpm plots`: docs/data/*.json (each the JSON of one `confu bench ... --json` run) → SVG bar charts
// in docs/images/: tau and speed-up per run (bench-tau.svg, bench-speedup.svg). A tiny SVG writer:
// no numbers are drawn by hand, every bar is a field of a bench report.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dataDirectory = join(root, 'docs/data');
const imageDirectory = join(root, 'docs/images');

/** @typedef {{ label: string, value: number }} Bar */

/** @param {string} text */
const escape = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A horizontal bar chart with a reference line (1 = plain decoding).
 * @param {{ title: string, bars: Bar[], reference: number, format: (value: number) => string }} chart
 */
function barChart({ title, bars, reference, format }) {
  const width = 640;
  const rowHeight = 28;
  const left = 260;
  const top = 40;
  const plotWidth = width - left - 70;
  const max = Math.max(reference, ...bars.map((bar) => bar.value)) * 1.1;
  const x = (/** @type {number} */ value) => left + (value / max) * plotWidth;
  const height = top + bars.length * rowHeight + 30;
  const rows = bars.map((bar, index) => {
    const y = top + index * rowHeight;
    return [
      `<text x="${left - 8}" y="${y + 18}" text-anchor="end">${escape(bar.label)}</text>`,
      `<rect x="${left}" y="${y + 5}" width="${(x(bar.value) - left).toFixed(1)}" height="${rowHeight - 10}" fill="#2563eb"/>`,
      `<text x="${(x(bar.value) + 6).toFixed(1)}" y="${y + 18}">${escape(format(bar.value))}</text>`,
    ].join('');
  });
  const line = x(reference).toFixed(1);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="13">
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="22" text-anchor="middle" font-weight="600">${escape(title)}</text>
${rows.join('\n')}
<line x1="${line}" x2="${line}" y1="${top}" y2="${height - 24}" stroke="#dc2626" stroke-dasharray="4 3"/>
<text x="${line}" y="${height - 8}" text-anchor="middle" fill="#dc2626">plain decoding = ${reference}</text>
</svg>
`;
}

const runs = readdirSync(dataDirectory)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => {
    const report = JSON.parse(readFileSync(join(dataDirectory, name), 'utf8'));
    if (!report.overall || !report.config)
      throw new Error(`${name} is not a confu bench --json report`);
    const method = report.config.draft?.method ?? report.config.draft?.kind ?? '?';
    return { label: `${basename(name, '.json')} (${method})`, overall: report.overall };
  });

writeFileSync(
  join(imageDirectory, 'bench-tau.svg'),
  barChart({
    title: 'tau: tokens per target pass (confu bench)',
    bars: runs.map((run) => ({ label: run.label, value: run.overall.acceptanceLength })),
    reference: 1,
    format: (value) => value.toFixed(2),
  }),
);
writeFileSync(
  join(imageDirectory, 'bench-speedup.svg'),
  barChart({
    title: 'speed-up over plain decoding (confu bench, same process)',
    bars: runs.map((run) => ({ label: run.label, value: run.overall.speedup })),
    reference: 1,
    format: (value) => `${value.toFixed(2)}×`,
  }),
);
console.log(`plots: ${runs.length} runs → docs/images/bench-tau.svg, bench-speedup.svg`);
