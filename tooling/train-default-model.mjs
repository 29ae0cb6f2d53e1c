#!/usr/bin/env node
// `pnpm train:default-model`: the default model, its tokenizer and its draft heads from scratch,
// with `confu` commands only (docs in models/confu-stories/README.md). Every stage's wall-clock time
// goes to artifacts/default-model/timings.json and a table at the end.
// Usage: node tooling/train-default-model.mjs [--from <stage>] [--only <stage>] [--threads 2]
// Stages: corpus, tokenizer, lm, head-data, eagle3, confu. Intermediate files live under
// artifacts/default-model (git-ignored); the committed files are written to models/confu-stories.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    from: { type: 'string' },
    only: { type: 'string' },
    threads: { type: 'string', default: '2' },
  },
});
const shared = process.env.CONFU_SHARED_DIR ?? '../shared';
const work = 'artifacts/default-model';
const model = 'models/confu-stories';
const threads = values.threads;
const corpus = `${work}/corpus`;
const headData = `${work}/head-data`;
const tinystories = `${shared}/corpora/tinystories`;
const generators = 2; // stories260K sampling processes (one per core)
// Choices measured in docs/decisions/0010-default-model.md.
const GENERATED = 4000; // stories sampled from stories260K at T = 1
const LM_SHAPE = [
  '--layers',
  '8',
  '--hidden',
  '128',
  '--heads',
  '4',
  '--ffn',
  '344',
  '--context',
  '512',
];
const LM_SCHEDULE = [
  '--steps',
  '2000',
  '--batch',
  '8',
  '--seq',
  '512',
  '--lr',
  '3e-3',
  '--warmup',
  '100',
];
// Records are a prompt and ≤ 256 response tokens: sequences of 288 rows hold them whole.
const EAGLE3_SCHEDULE = [
  '--steps',
  '400',
  '--batch',
  '8',
  '--seq',
  '288',
  '--lr',
  '3e-3',
  '--warmup',
  '20',
];
// ConFu as models/stories260k-confu (docs/decisions/0007): MoE, every row an anchor, 10x LR for
// the ConFu tensors, router lag 0-4; 300 updates continuing the EAGLE-3 head.
const CONFU_SCHEDULE = [
  '--steps',
  '300',
  '--batch',
  '8',
  '--seq',
  '288',
  '--lr',
  '1e-3',
  '--warmup',
  '20',
  '--anchors',
  '288',
  '--replication',
  '1',
  '--confu-lr-scale',
  '10',
  '--router-lag',
  '4',
];
const HEAD_STORIES = '800'; // train-split prompts whose responses the model regenerates (twice)

const confu = (...args) => [
  'node',
  ['--conditions=@confu/source', '--import', 'tsx', 'apps/cli/src/main.ts', ...args],
];
/** Runs commands at once; resolves when all exit 0. */
function parallel(commands) {
  return Promise.all(
    commands.map(
      ([command, args]) =>
        new Promise((resolve, reject) => {
          console.error(`$ ${command} ${args.join(' ')}`);
          const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
          child.on('exit', (code) =>
            code === 0
              ? resolve()
              : reject(new Error(`${args.slice(3, 5).join(' ')} exited with ${code}`)),
          );
        }),
    ),
  );
}

const stages = {
  // Cased train stories + the lower-cased stories re-cased + stories sampled by stories260K.
  corpus: async () => {
    mkdirSync(corpus, { recursive: true });
    await parallel(
      Array.from({ length: generators }, (_, part) =>
        confu(
          'corpus',
          '--stories',
          '/dev/null',
          '--out',
          `${corpus}/generated-${part}.jsonl`,
          '--generate',
          `${shared}/models/stories260K`,
          '--generate-stories',
          String(GENERATED / generators),
          '--temperature',
          '1',
          '--seed',
          String(1_000_000 * part),
          '--concurrency',
          '1',
        ),
      ),
    );
    await parallel([
      confu(
        'corpus',
        '--out',
        `${corpus}/real.jsonl`,
        '--cased-copies',
        '3',
        '--plain',
        `${tinystories}/tinystories_more_lowercased.txt`,
        '--recase',
        '--held-out',
        '40',
        '--eval-out',
        `${corpus}/valid.jsonl`,
      ),
    ]);
    const parts = ['real', ...Array.from({ length: generators }, (_, part) => `generated-${part}`)];
    const lines = parts.flatMap((part) =>
      readFileSync(`${corpus}/${part}.jsonl`, 'utf8').split('\n').filter(Boolean),
    );
    writeFileSync(`${corpus}/train.jsonl`, `${lines.join('\n')}\n`);
    writeFileSync(
      `${corpus}/train.txt`,
      `${lines.map((line) => JSON.parse(line).text).join('\n\n\n\n')}\n`,
    );
  },
  tokenizer: async () => {
    rmSync(`${work}/tokenizer`, { recursive: true, force: true });
    await parallel([
      confu(
        'tokenizer',
        'train',
        '--corpus',
        `${corpus}/train.txt`,
        '--vocab',
        '2048',
        '--out',
        `${work}/tokenizer`,
      ),
    ]);
  },
  lm: async () => {
    rmSync(model, { recursive: true, force: true });
    await parallel([
      confu(
        'train',
        '--method',
        'lm',
        '--data',
        `${corpus}/train.jsonl`,
        '--eval-data',
        `${corpus}/valid.jsonl`,
        '--eval-every',
        '100',
        '--tokenizer',
        `${work}/tokenizer`,
        '--out',
        model,
        ...LM_SHAPE,
        ...LM_SCHEDULE,
        '--seed',
        '0',
        '--dtype',
        'F16',
        '--threads',
        threads,
        '--checkpoint',
        `${work}/lm-checkpoint.safetensors`,
        '--checkpoint-every',
        '200',
      ),
    ]);
  },
  // Responses to the train-split prompts regenerated by the new model: sampled and greedy.
  'head-data': async () => {
    rmSync(headData, { recursive: true, force: true });
    const data = (name, temperature) =>
      confu(
        'data',
        '--target',
        model,
        '--out',
        `${headData}/${name}.rec`,
        '--stories',
        HEAD_STORIES,
        '--temperature',
        temperature,
        '--seed',
        '0',
        '--top-k',
        '64',
        '--threads',
        '1',
      );
    await parallel([data('sampled', '0.8'), data('greedy', '0')]);
  },
  eagle3: async () => {
    await parallel([
      confu(
        'train',
        '--method',
        'eagle3',
        '--target',
        model,
        '--data',
        headData,
        '--out',
        `${model}/eagle3`,
        ...EAGLE3_SCHEDULE,
        '--seed',
        '0',
        '--dtype',
        'F16',
        '--threads',
        threads,
      ),
    ]);
  },
  confu: async () => {
    await parallel([
      confu(
        'train',
        '--method',
        'confu',
        '--target',
        model,
        '--data',
        headData,
        '--init',
        `${model}/eagle3`,
        '--out',
        `${model}/confu`,
        ...CONFU_SCHEDULE,
        '--seed',
        '0',
        '--dtype',
        'F16',
        '--threads',
        threads,
      ),
    ]);
  },
};

const names = Object.keys(stages);
const first = values.only ?? values.from ?? names[0];
if (!names.includes(first)) throw new Error(`unknown stage ${first}; stages: ${names.join(', ')}`);
const selected = values.only ? [values.only] : names.slice(names.indexOf(first));
const timingsFile = join(work, 'timings.json');
mkdirSync(work, { recursive: true });
const timings =
  existsSync(timingsFile) && first !== names[0]
    ? JSON.parse(readFileSync(timingsFile, 'utf8'))
    : {};
for (const name of selected) {
  const started = Date.now();
  await stages[name]();
  timings[name] = Math.round((Date.now() - started) / 1000);
  writeFileSync(timingsFile, `${JSON.stringify(timings, null, 2)}\n`);
}
const total = Object.values(timings).reduce((a, b) => a + b, 0);
const format = (seconds) => `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
console.log(
  [
    '| stage | wall-clock |',
    '| --- | ---: |',
    ...Object.entries(timings).map(([n, s]) => `| ${n} | ${format(s)} |`),
    `| total | ${format(total)} |`,
  ].join('\n'),
);
