// confu vs llama.cpp (node-llama-cpp) on the same weights, prompts and threads, interleaved per
// prompt: confu plain and speculative (an EAGLE-3 head) at fp32 / q8 / q4, llama.cpp plain, with a
// draft model (DraftSequenceTokenPredictor) and with prompt lookup (InputLookupTokenPredictor) on
// the GGUF export of the same weights (q4: q4_0 layers, q8_0 embedding, as confu stores them).
// node-llama-cpp runs 1 thread (at 2 it spawns a thread per token here); `--llama-bench <binary>`
// adds native llama-bench decode rates (tg) at every thread count.
// Usage: pnpm bench:peers --model <dir> --head <dir> [--llama-draft <dir>] [--dtypes q4,q8,fp32]
//          [--threads 1,2] [--prompts 20] [--tokens 128] [--llama-bench <path>] [--out <json>]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Drafter, ModelDtype, TextModel } from '@confu/core';
import { loadDrafter, loadModel } from '@confu/node';
import {
  DraftSequenceTokenPredictor,
  InputLookupTokenPredictor,
  LlamaLogLevel,
  getLlama,
} from 'node-llama-cpp';
import type { LlamaModel, TokenPredictor } from 'node-llama-cpp';
import { runExport } from '../src/commands/export.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    head: { type: 'string' },
    'llama-draft': { type: 'string' },
    dtypes: { type: 'string', default: 'q4,q8,fp32' },
    threads: { type: 'string', default: '1,2' },
    prompts: { type: 'string', default: '20' },
    tokens: { type: 'string', default: '128' },
    'llama-bench': { type: 'string' },
    shared: { type: 'string', default: join(import.meta.dirname, '../../../../shared') },
    out: { type: 'string' },
  },
});
if (!values.model || !values.head) throw new Error('--model and --head are required');
const modelDir = resolve(values.model);
const maxTokens = Number(values.tokens);
const dtypes = values.dtypes.split(',') as ModelDtype[];
const threadCounts = values.threads.split(',').map(Number);
const prompts = readFileSync(join(values.shared, 'eval/tinystories/question.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .slice(0, Number(values.prompts))
  .map((line) => (JSON.parse(line) as { turns: string[] }).turns[0] as string);
const ggufOf: Record<ModelDtype, { dtype: string; embedding: string }> = {
  fp32: { dtype: 'f32', embedding: 'f32' },
  fp16: { dtype: 'f16', embedding: 'f16' },
  q8: { dtype: 'q8_0', embedding: 'q8_0' },
  q4: { dtype: 'q4_0', embedding: 'q8_0' },
};

/** The GGUF file of `dir` at `dtype` under artifacts/peers, exported once. */
async function gguf(dir: string, dtype: ModelDtype): Promise<string> {
  const { dtype: type, embedding } = ggufOf[dtype];
  const file = resolve('artifacts/peers', `${basename(dir)}-${type}-emb-${embedding}.gguf`);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    await runExport([
      '--model',
      dir,
      '--dtype',
      type,
      '--embedding-dtype',
      embedding,
      '--out',
      file,
    ]);
  }
  return file;
}

interface Sample {
  readonly engine: string;
  readonly config: string;
  readonly dtype: ModelDtype;
  readonly threads: number;
  readonly tokens: number;
  readonly decodeMs: number;
}

async function confuRun(model: TextModel, prompt: string, drafter?: Drafter) {
  let stats;
  for await (const chunk of model.generate({
    prompt,
    maxTokens,
    temperature: 0,
    ...(drafter ? { drafter, tree: 'auto' as const } : {}),
  })) {
    stats = chunk.stats ?? stats;
  }
  if (!stats) throw new Error('no stats');
  return { tokens: Math.max(0, stats.generatedTokens - 1), decodeMs: stats.decodeMs };
}

async function llamaRun(
  model: LlamaModel,
  ids: readonly number[],
  predictor: () => TokenPredictor | undefined,
  draftModel?: LlamaModel,
) {
  const context = await model.createContext({ contextSize: 512, batchSize: 512, threads: 1 });
  const draftContext = draftModel
    ? await draftModel.createContext({ contextSize: 512, batchSize: 512, threads: 1 })
    : undefined;
  try {
    const tokenPredictor = draftContext
      ? new DraftSequenceTokenPredictor(draftContext.getSequence(), { maxTokens: 16 })
      : predictor();
    const sequence = context.getSequence(tokenPredictor ? { tokenPredictor } : {});
    let first = 0;
    let count = 0;
    for await (const token of sequence.evaluate([...ids], { temperature: 0 })) {
      if (count === 0) first = performance.now();
      count++;
      if (count >= maxTokens || token === 1) break;
    }
    return { tokens: Math.max(0, count - 1), decodeMs: performance.now() - first };
  } finally {
    await draftContext?.dispose();
    await context.dispose();
  }
}

const samples: Sample[] = [];
const llama = await getLlama({
  gpu: false,
  build: 'never',
  skipDownload: true,
  progressLogs: false,
  logLevel: LlamaLogLevel.error,
  maxThreads: 1,
});
for (const dtype of dtypes) {
  const target = await llama.loadModel({ modelPath: await gguf(modelDir, dtype), gpuLayers: 0 });
  const draft = values['llama-draft']
    ? await llama.loadModel({
        modelPath: await gguf(resolve(values['llama-draft']), dtype),
        gpuLayers: 0,
      })
    : undefined;
  for (const threads of threadCounts) {
    const model = await loadModel(modelDir, { numThreads: threads, dtype });
    const drafter = await loadDrafter(
      model,
      modelDir,
      { kind: 'eagle3', tree: { depth: 5, topK: 4, totalTokens: 16 }, modelPath: values.head },
      { numThreads: threads, dtype },
    );
    // Warm-up: sessions, the verify-cost measurement of the automatic tree.
    await confuRun(model, prompts[0] as string, drafter);
    for (const [index, prompt] of prompts.entries()) {
      const ids = model.encode(prompt);
      const runs: [string, string, () => Promise<{ tokens: number; decodeMs: number }>][] = [
        ['confu', 'plain', () => confuRun(model, prompt)],
        ['confu', 'EAGLE-3 (auto tree)', () => confuRun(model, prompt, drafter)],
      ];
      if (threads === 1) {
        runs.push(
          ['llama.cpp', 'plain', () => llamaRun(target, ids, () => undefined)],
          [
            'llama.cpp',
            'prompt lookup',
            () => llamaRun(target, ids, () => new InputLookupTokenPredictor()),
          ],
        );
        if (draft)
          runs.push([
            'llama.cpp',
            'draft model',
            () => llamaRun(target, ids, () => undefined, draft),
          ]);
      }
      // Rotate the order per prompt so warm-up and machine noise favour no configuration.
      for (let turn = 0; turn < runs.length; turn++) {
        const [engine, config, run] = runs[(index + turn) % runs.length] as (typeof runs)[number];
        const { tokens, decodeMs } = await run();
        samples.push({ engine, config, dtype, threads, tokens, decodeMs });
      }
      process.stderr.write(`${dtype} ${threads}t: ${index + 1}/${prompts.length}\r`);
    }
    await drafter?.dispose();
    await model.dispose();
  }
  await draft?.dispose();
  await target.dispose();
}
await llama.dispose();

// Native llama-bench decode (tg) rates, when a binary is given.
const native: { dtype: ModelDtype; threads: number; tokensPerSecond: number }[] = [];
if (values['llama-bench']) {
  for (const dtype of dtypes) {
    for (const threads of threadCounts) {
      const json = execFileSync(
        values['llama-bench'],
        [
          '-m',
          await gguf(modelDir, dtype),
          '-p',
          '0',
          '-n',
          String(maxTokens),
          '-t',
          String(threads),
          '-r',
          '3',
          '-o',
          'json',
        ],
        { encoding: 'utf8' },
      );
      const [result] = JSON.parse(json) as { avg_ts: number }[];
      native.push({ dtype, threads, tokensPerSecond: result?.avg_ts ?? 0 });
    }
  }
}

const groups = new Map<string, Sample[]>();
for (const sample of samples) {
  const key = `${sample.engine}|${sample.config}|${sample.dtype}|${sample.threads}`;
  groups.set(key, [...(groups.get(key) ?? []), sample]);
}
const rate = (list: readonly Sample[]): number =>
  (1000 * list.reduce((sum, s) => sum + s.tokens, 0)) /
  list.reduce((sum, s) => sum + s.decodeMs, 0);
const rows = [...groups.entries()].map(([key, list]) => {
  const [engine, config, dtype, threads] = key.split('|') as [string, string, ModelDtype, string];
  return { engine, config, dtype, threads: Number(threads), tokensPerSecond: rate(list) };
});
const llamaPlain = (dtype: ModelDtype): number =>
  rows.find((row) => row.engine === 'llama.cpp' && row.config === 'plain' && row.dtype === dtype)
    ?.tokensPerSecond ?? Number.NaN;
const lines = [
  `${basename(modelDir)}, ${prompts.length} TinyStories dev prompts × ${maxTokens} tokens, T = 0, decode tokens/s (interleaved)`,
  '| engine | decoding | weights | threads | tokens/s | × llama.cpp plain (1 thread, same weights) |',
  '| --- | --- | --- | ---: | ---: | ---: |',
  ...rows.map(
    (row) =>
      `| ${row.engine} | ${row.config} | ${row.dtype} | ${row.threads} | ${row.tokensPerSecond.toFixed(1)} | ${(row.tokensPerSecond / llamaPlain(row.dtype)).toFixed(2)} |`,
  ),
  ...native.map(
    (row) =>
      `| llama.cpp (native llama-bench tg${maxTokens}) | plain | ${row.dtype} | ${row.threads} | ${row.tokensPerSecond.toFixed(1)} | ${(row.tokensPerSecond / llamaPlain(row.dtype)).toFixed(2)} |`,
  ),
];
console.log(lines.join('\n'));
if (values.out) {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(
    values.out,
    `${JSON.stringify({ model: basename(modelDir), prompts: prompts.length, maxTokens, rows, native }, null, 2)}\n`,
  );
}
