// How much a draft head gets out of its `[f]` slot: the training-time-test loss (7 steps, 0.8^s,
// every data row covered: one fresh anchor per row) of each head on fixed batches of training
// records, with its future and with the slot hidden. `next-taps` heads read the root token's true
// taps as f (a diagnostic upper bound). Prints a markdown table.
// Usage: pnpm bench:future-probe [--target dir] [--data dir] [--seq S] [--batches N]
//          <label>=<dir>[:next-taps|:layers=a,b,c] ...
// --target: a llama2.c or Hugging Face model directory (default stories260K); its tap layers are
// the ones the model records, else the default rule.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importHuggingFace, importLlama2c, isConfuHead, loadDraftHead } from '@confu/checkpoint';
import { defaultTapLayers } from '@confu/model-builder';
import { detectCheckpoint } from '@confu/model-loader';
import { createDirectoryFileSource } from '@confu/node';
import { createTensor } from '@confu/runtime';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { createSeededRandom } from '@confu/sampler';
import {
  buildConfuTttGraph,
  buildEagle3TttGraph,
  confuBatchFeeds,
  confuParametersOf,
  confuTttInputs,
  createTrainer,
  eagle3BatchFeeds,
  eagle3ParametersOf,
  eagle3TttInputs,
  targetToDraftIds,
} from '@confu/trainer';
import type { TrainingRecord } from '@confu/trainer';
import { readRecordFile } from '@confu/trainer/node';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string' },
    target: { type: 'string' },
    batches: { type: 'string' },
    seq: { type: 'string' },
  },
});
const dataDir = values.data ?? 'artifacts/stories260k-eagle3/data';
const targetDir = values.target ?? '../shared/models/stories260K';
const batchCount = Number(values.batches ?? 16);
const [B, S, T] = [8, Number(values.seq ?? 310), 7];

const targetSource = createDirectoryFileSource(targetDir);
const layout = await detectCheckpoint(targetSource);
const target =
  layout.kind === 'llama2c'
    ? importLlama2c(readFileSync(join(targetDir, layout.checkpoint)))
    : (await importHuggingFace(targetSource)).weights;
const { vocabSize: V, hiddenSize: h, numLayers } = target.config;
const tapLayers = [...(target.tapLayers ?? defaultTapLayers(numLayers))];
const records: TrainingRecord[] = [];
for (const name of readdirSync(dataDir)
  .filter((n) => n.endsWith('.rec'))
  .sort()) {
  for await (const record of readRecordFile(join(dataDir, name))) records.push(record);
}
const pick = createSeededRandom(12345);
const batches = Array.from({ length: batchCount }, () =>
  Array.from({ length: B }, () => records[pick.integer(records.length)] as TrainingRecord),
);
const runtime = createOnnxNodeRuntime({ numThreads: 1 });
const embedding = createTensor('float32', target.embedding, [V, h]);
const toDraft = targetToDraftIds(
  Int32Array.from({ length: V }, (_, i) => i),
  V,
);

const lines = ['| head | loss with f | loss, slot hidden |', '|---|---:|---:|'];
for (const spec of positionals) {
  const match = /^(.*?)=([^=:]+)(?::(next-taps|layers=[\d,]+))?$/.exec(spec);
  if (!match) throw new Error(`expected <label>=<dir>[:next-taps|:layers=a,b,c], got ${spec}`);
  const [, label, dir, mode] = match as unknown as [string, string, string, string | undefined];
  const head = await loadDraftHead(createDirectoryFileSource(dir));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  if (!isConfuHead(head)) {
    const shape = { head: head.config, batch: B, seq: S, tttSteps: T, stepDecay: 0.8 };
    await using trainer = await createTrainer({
      runtime,
      buildForward: buildEagle3TttGraph(shape),
      initialParams: eagle3ParametersOf(head),
      schedule: 0,
      session: { numThreads: 1 },
    });
    const losses: number[] = [];
    for (const batch of batches) {
      const feeds = eagle3BatchFeeds(batch, shape, toDraft).feeds;
      losses.push(await trainer.evaluate({ ...feeds, [eagle3TttInputs.embedding]: embedding }));
    }
    lines.push(`| ${label} | — | ${mean(losses).toFixed(4)} |`);
    continue;
  }
  const shape = {
    head: head.config,
    target: target.config,
    tapLayers,
    batch: B,
    seq: S,
    tttSteps: T,
    stepDecay: 0.8,
    anchors: S,
    future: mode === 'next-taps' ? ('next-taps' as const) : ('contemplate' as const),
    ...(mode?.startsWith('layers=') ? { futureLayers: mode.slice(7).split(',').map(Number) } : {}),
  };
  await using trainer = await createTrainer({
    runtime,
    buildForward: buildConfuTttGraph(shape, target),
    initialParams: { ...eagle3ParametersOf(head), ...confuParametersOf(head) },
    schedule: 0,
    session: { numThreads: 1 },
  });
  const [withF, hidden]: number[][] = [[], []];
  const anchors = createSeededRandom(7);
  for (const batch of batches) {
    const feeds = {
      ...confuBatchFeeds(batch, shape, toDraft, { replication: 1, random: anchors }).feeds,
      [eagle3TttInputs.embedding]: embedding,
    };
    withF.push(await trainer.evaluate(feeds));
    hidden.push(
      await trainer.evaluate({
        ...feeds,
        [confuTttInputs.futureMask]: createTensor(
          'float32',
          new Float32Array(B * S * S).fill(-1e9),
          [B, S, S],
        ),
      }),
    );
  }
  lines.push(`| ${label} | ${mean(withF).toFixed(4)} | ${mean(hidden).toFixed(4)} |`);
  process.stderr.write(`${lines.at(-1)}\n`);
}
process.stdout.write(`${lines.join('\n')}\n`);
