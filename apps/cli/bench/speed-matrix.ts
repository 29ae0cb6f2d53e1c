// The speed tables of docs/benchmarks.md ("Speed at a real model's cost"): one `confu bench` run
// per row (plain and speculative decoding interleaved per prompt in one process), rows run one
// after another, each row's command printed so any number can be reproduced alone. Results go to
// docs/data/speed.json (rows already there are kept unless --redo), which `pnpm plots` draws.
// Prepare the expanded targets first (README "Speed at a real model's cost"):
//   pnpm confu expand --model ../shared/models/stories260K --shape 100m --out artifacts/expanded/stories260k-100m \
//     --head models/stories260k-eagle3 --head models/stories260k-confu
// Usage: pnpm bench:speed [--only <regex>] [--redo] [--out docs/data/speed.json]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    redo: { type: 'boolean' },
    out: { type: 'string', default: 'docs/data/speed.json' },
    shared: { type: 'string', default: join(import.meta.dirname, '../../../../shared') },
    'confu-m': { type: 'string', default: 'all' },
  },
});
const prompts = join(values.shared, 'eval/tinystories/question.jsonl');

interface Row {
  readonly id: string;
  readonly target: string;
  readonly model: string;
  readonly draft: 'ngram' | 'eagle3' | 'confu';
  readonly head?: string;
  readonly temperature: number;
  readonly threads: number;
  readonly prompts: number;
  readonly tree?: string;
  readonly contemplate?: string;
  readonly profile?: boolean;
}

const targets = [
  { name: 'stories260K@100m', dir: 'artifacts/expanded/stories260k-100m', prompts: 50 },
  {
    name: 'stories260K@smollm2-360m',
    dir: 'artifacts/expanded/stories260k-smollm2-360m',
    prompts: 10,
  },
];
const rows: Row[] = [];
for (const target of targets) {
  const small = target.prompts < 50;
  for (const temperature of [0, 1]) {
    for (const threads of [2, 1]) {
      if (small && threads === 1) continue;
      const count =
        temperature === 0 && threads === 2 ? target.prompts : Math.min(20, target.prompts);
      const base = { target: target.name, model: target.dir, temperature, threads, prompts: count };
      rows.push({
        ...base,
        id: `${target.name} T${temperature} ${threads}t n-gram`,
        draft: 'ngram',
      });
      rows.push({
        ...base,
        id: `${target.name} T${temperature} ${threads}t EAGLE-3`,
        draft: 'eagle3',
        head: `${target.dir}/stories260k-eagle3`,
        profile: temperature === 0,
      });
      rows.push({
        ...base,
        id: `${target.name} T${temperature} ${threads}t ConFu`,
        draft: 'confu',
        head: `${target.dir}/stories260k-confu`,
        contemplate: values['confu-m'],
      });
    }
  }
  // Speed-up against tree size (fixed EAGLE-2 budgets) and ConFu's contemplated nodes, T = 0.
  if (!small) {
    for (const tokens of [4, 8, 12, 16, 24, 32]) {
      rows.push({
        id: `${target.name} T0 2t EAGLE-3 tree ${tokens}`,
        target: target.name,
        model: target.dir,
        draft: 'eagle3',
        head: `${target.dir}/stories260k-eagle3`,
        temperature: 0,
        threads: 2,
        prompts: 20,
        tree: String(tokens),
      });
    }
    for (const m of ['0', '1', '2', '4', 'all']) {
      rows.push({
        id: `${target.name} T0 2t ConFu m=${m}`,
        target: target.name,
        model: target.dir,
        draft: 'confu',
        head: `${target.dir}/stories260k-confu`,
        temperature: 0,
        threads: 2,
        prompts: 20,
        contemplate: m,
      });
    }
  }
}

function command(row: Row): string[] {
  return [
    'bench',
    '--model',
    row.model,
    '--prompts',
    prompts,
    '--limit',
    String(row.prompts),
    '--max-tokens',
    '128',
    '--temperature',
    String(row.temperature),
    '--threads',
    String(row.threads),
    '--draft',
    row.draft,
    ...(row.head ? ['--draft-model', row.head] : []),
    ...(row.tree ? ['--tree-tokens', row.tree, '--tree-depth', '5', '--tree-topk', '4'] : []),
    ...(row.contemplate ? ['--contemplate', row.contemplate] : []),
    ...(row.profile ? ['--profile'] : []),
    '--json',
  ];
}

const results: Record<string, unknown> = existsSync(values.out)
  ? (JSON.parse(readFileSync(values.out, 'utf8')) as { rows: Record<string, unknown> }).rows
  : {};
const only = values.only ? new RegExp(values.only) : undefined;
for (const row of rows) {
  if (only && !only.test(row.id)) continue;
  if (results[row.id] && !values.redo) continue;
  if (!existsSync(row.model)) {
    process.stderr.write(`skip ${row.id}: ${row.model} is missing (run confu expand first)\n`);
    continue;
  }
  const args = command(row);
  process.stderr.write(`${row.id}: pnpm confu ${args.join(' ')}\n`);
  const output = execFileSync(
    process.execPath,
    ['--conditions=@confu/source', '--import', 'tsx', 'apps/cli/src/main.ts', ...args],
    { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const report = JSON.parse(output.trim().split('\n').at(-1) as string) as Record<string, unknown>;
  results[row.id] = { ...row, command: `pnpm confu ${args.join(' ')}`, report };
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify({ rows: results }, null, 2)}\n`);
}

// The tables, from what docs/data/speed.json holds.
interface Figures {
  acceptanceLength: number;
  tokensPerSecond: number;
  baselineTokensPerSecond: number;
  speedup: number;
  hostFraction: number;
  treeTokens: number;
  treeDepth: number;
}
const lines = [
  '| target | T | threads | drafter | prompts | tau | tree (nodes / depth) | plain tok/s | speculative tok/s | speed-up |',
  '| --- | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: |',
];
for (const row of rows) {
  const entry = results[row.id] as (Row & { report: { overall: Figures } }) | undefined;
  if (!entry) continue;
  const f = entry.report.overall;
  const label =
    row.draft === 'ngram'
      ? 'n-gram'
      : row.draft === 'eagle3'
        ? `EAGLE-3${row.tree ? ` (tree ${row.tree})` : ''}`
        : `ConFu (m = ${row.contemplate ?? 'all'})`;
  lines.push(
    `| ${row.target} | ${row.temperature} | ${row.threads} | ${label} | ${row.prompts} | ${f.acceptanceLength.toFixed(2)} | ${f.treeTokens.toFixed(1)} / ${f.treeDepth.toFixed(1)} | ${f.baselineTokensPerSecond.toFixed(1)} | ${f.tokensPerSecond.toFixed(1)} | **${f.speedup.toFixed(2)}×** |`,
  );
}
console.log(lines.join('\n'));
