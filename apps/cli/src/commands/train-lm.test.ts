import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '@confu/node';
import { hasSharedData, sharedPath, stories260kDirectory } from '@internal/test-utils';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runTrain } from './train.js';

const present = hasSharedData(
  'confu train --method lm',
  'models/stories260K/tok512.bin',
  'corpora/tinystories/stories.jsonl',
);
const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs `confu train` with stdout captured; returns its JSON report. */
async function train(args: string[]): Promise<Record<string, unknown>> {
  const stdout: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  const writeErr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await runTrain(args, new AbortController().signal);
  } finally {
    write.mockRestore();
    writeErr.mockRestore();
  }
  return JSON.parse(stdout.join('')) as Record<string, unknown>;
}

/** 24 training and 4 held-out TinyStories train stories as JSON lines. */
async function corpus(): Promise<{ dir: string; data: string; evalData: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'confu-train-lm-'));
  scratch.push(dir);
  const lines = (await readFile(sharedPath('corpora/tinystories/stories.jsonl'), 'utf8'))
    .split('\n')
    .filter((line) => line.includes('"split": "train"'))
    .slice(0, 28)
    .map((line) => JSON.stringify({ text: (JSON.parse(line) as { text: string }).text }));
  const [data, evalData] = [join(dir, 'train.jsonl'), join(dir, 'valid.jsonl')];
  await writeFile(data, lines.slice(0, 24).join('\n'));
  await writeFile(evalData, lines.slice(24).join('\n'));
  return { dir, data, evalData };
}

const tiny = (data: string, evalData: string, out: string): string[] => [
  '--method',
  'lm',
  '--data',
  data,
  '--eval-data',
  evalData,
  '--eval-every',
  '4',
  '--tokenizer',
  stories260kDirectory,
  '--out',
  out,
  ...['--layers', '2', '--hidden', '16', '--heads', '2', '--kv-heads', '1', '--ffn', '32'],
  ...['--context', '64', '--seq', '32', '--batch', '2', '--lr', '1e-2', '--warmup', '2'],
  ...['--steps', '8', '--threads', '1'],
];

describe.skipIf(!present)('confu train --method lm', () => {
  it('trains a small Llama on text with a held-out loss and writes a model directory that generates', async () => {
    const { dir, data, evalData } = await corpus();
    const out = join(dir, 'model');

    const report = await train([
      ...tiny(data, evalData, out),
      '--tap-layers',
      '0,1,1',
      '--dtype',
      'F16',
    ]);

    expect(report['finalLoss']).toBeLessThan(report['firstLoss'] as number);
    expect((report['evaluations'] as { step: number }[]).map((e) => e.step)).toEqual([4, 8]);
    const config = JSON.parse(await readFile(join(out, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      num_hidden_layers: 2,
      num_key_value_heads: 1,
      torch_dtype: 'float16',
      confu: { tap_layers: [0, 1, 1], training: { method: 'lm', steps: 8, documents: 24 } },
    });
    const model = await loadModel(out, { numThreads: 1 });
    try {
      const tokens: number[] = [];
      for await (const chunk of model.generate({
        prompt: 'Once upon a time',
        maxTokens: 5,
        temperature: 0,
      })) {
        tokens.push(...chunk.tokens);
      }
      expect(tokens.length).toBeGreaterThan(0);
      expect(model.lm.info.vocabSize).toBe(512);
    } finally {
      await model.dispose();
    }
  });

  it('--stop-after then --resume writes the same weights as an uninterrupted run, bit for bit', async () => {
    const { dir, data, evalData } = await corpus();
    const [whole, split] = [join(dir, 'whole'), join(dir, 'split')];
    const checkpoint = join(dir, 'run.safetensors');

    await train(tiny(data, evalData, whole));
    const stopped = await train([
      ...tiny(data, evalData, split),
      '--stop-after',
      '3',
      '--checkpoint',
      checkpoint,
    ]);
    await train([...tiny(data, evalData, split), '--resume', checkpoint]);

    expect(stopped).toMatchObject({ stopped: 3 });
    const [a, b] = await Promise.all(
      [whole, split].map((out) => readFile(join(out, 'model.safetensors'))),
    );
    expect(Buffer.compare(a as Buffer, b as Buffer)).toBe(0);
  });
});
