// The ConFu ablation table of docs/benchmarks.md: `confu bench` on the 50 TinyStories dev prompts
// for every head × temperature × tree budget, one bench process at a time, plus a markdown table.
// Usage: pnpm bench:ablation <label>=<eagle3|confu>:<head dir> ... [--max-tokens N] [--out file.json]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'max-tokens': { type: 'string' },
    temperatures: { type: 'string' },
    trees: { type: 'string' },
    out: { type: 'string' },
    model: { type: 'string' },
    prompts: { type: 'string' },
  },
});
const heads = positionals.map((spec) => {
  const match = /^(.+)=(eagle3|confu):(.+)$/.exec(spec);
  if (!match) throw new Error(`expected <label>=<eagle3|confu>:<dir>, got ${spec}`);
  return { label: match[1] as string, kind: match[2] as string, dir: match[3] as string };
});
if (heads.length === 0) throw new Error('name at least one head: <label>=<eagle3|confu>:<dir>');
const temperatures = (values.temperatures ?? '0,1').split(',').map(Number);
const trees = (values.trees ?? '8,16,32').split(',').map(Number);
const maxTokens = values['max-tokens'] ?? '200';

interface Cell {
  head: string;
  temperature: number;
  treeTokens: number;
  tau: number;
  tokensPerSecond: number;
  speedup: number;
}
const cells: Cell[] = [];
for (const temperature of temperatures) {
  for (const treeTokens of trees) {
    for (const head of heads) {
      const args = [
        '--conditions=@confu/source',
        '--import',
        'tsx',
        'apps/cli/src/main.ts',
        'bench',
        '--model',
        values.model ?? '../shared/models/stories260K',
        '--prompts',
        values.prompts ?? '../shared/eval/tinystories/question.jsonl',
        '--max-tokens',
        maxTokens,
        '--temperature',
        String(temperature),
        '--threads',
        '1',
        '--json',
        '--draft',
        head.kind,
        '--draft-model',
        head.dir,
        '--tree-tokens',
        String(treeTokens),
      ];
      const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`bench failed for ${head.label}: ${run.stderr}`);
      const overall = (
        JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as {
          overall: { acceptanceLength: number; tokensPerSecond: number; speedup: number };
        }
      ).overall;
      const cell = {
        head: head.label,
        temperature,
        treeTokens,
        tau: overall.acceptanceLength,
        tokensPerSecond: overall.tokensPerSecond,
        speedup: overall.speedup,
      };
      cells.push(cell);
      process.stderr.write(`${JSON.stringify(cell)}\n`);
    }
  }
}
if (values.out) writeFileSync(values.out, `${JSON.stringify(cells, null, 2)}\n`);

const columns = temperatures.flatMap((t) => trees.map((n) => ({ t, n })));
const lines = [
  `| head | ${columns.map(({ t, n }) => `T=${t}, ${n} nodes`).join(' | ')} |`,
  `|---|${columns.map(() => '---:').join('|')}|`,
  ...heads.map(
    ({ label }) =>
      `| ${label} | ${columns
        .map(({ t, n }) => {
          const cell = cells.find(
            (c) => c.head === label && c.temperature === t && c.treeTokens === n,
          );
          return cell ? cell.tau.toFixed(3) : '';
        })
        .join(' | ')} |`,
  ),
];
process.stdout.write(`${lines.join('\n')}\n`);
