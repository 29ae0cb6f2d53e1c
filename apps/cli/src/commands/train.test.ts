import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isConfuHead, loadDraftHead } from '@confu/checkpoint';
import { createDirectoryFileSource } from '@confu/node';
import type { TrainingRecord } from '@confu/trainer';
import { writeRecordFile } from '@confu/trainer/node';
import { hasStories260k, stories260kDirectory } from '@internal/test-utils';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runTrain } from './train.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const stories260k = stories260kDirectory;
const hasModel = hasStories260k('confu train');

/** Two records shaped for stories260K (h 64, V 512): a fixed token cycle and sharp targets. */
function tinyRecords(): TrainingRecord[] {
  const [h, V, n] = [64, 512, 40];
  return [0, 1].map((index) => {
    const tokens = Int32Array.from({ length: n }, (_, i) => 300 + ((i * 7 + index) % 11));
    const taps = Float32Array.from({ length: n * 3 * h }, (_, k) =>
      Math.sin((tokens[Math.floor(k / (3 * h))] as number) * ((k % (3 * h)) + 1)),
    );
    const logProbs = new Float32Array(n * V).fill(Math.log(0.1 / (V - 1)));
    for (let i = 0; i + 1 < n; i++) logProbs[i * V + (tokens[i + 1] as number)] = Math.log(0.9);
    return {
      index,
      tokens,
      promptLength: 4,
      finishReason: 'length',
      tapWidth: 3 * h,
      taps,
      target: { kind: 'full', vocabSize: V, logProbs },
    };
  });
}

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs `confu train` with stdout captured; returns its JSON report. */
async function train(args: string[]): Promise<{ firstLoss: number; finalLoss: number }> {
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
  return JSON.parse(stdout.join('')) as { firstLoss: number; finalLoss: number };
}

async function tinyDataFile(): Promise<{ dir: string; data: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'confu-train-'));
  scratch.push(dir);
  const data = join(dir, 'tiny.rec');
  await writeRecordFile(data, tinyRecords());
  return { dir, data };
}

const readConfig = async (dir: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;

describe.skipIf(!hasModel)('confu train', () => {
  it('--method eagle3 trains a few steps on a 2-record file (loss falls) and writes a loadable head naming the target', async () => {
    const { dir, data } = await tinyDataFile();
    const out = join(dir, 'head');
    const report = await train([
      '--method',
      'eagle3',
      '--target',
      stories260k,
      '--data',
      data,
      '--out',
      out,
      '--steps',
      '12',
      '--batch',
      '2',
      '--lr',
      '1e-2',
      '--ttt-steps',
      '3',
      '--threads',
      '1',
    ]);
    expect(report.finalLoss).toBeLessThan(report.firstLoss);
    const config = await readConfig(out);
    const bin = await readFile(join(stories260k, 'stories260K.bin'));
    expect(config['target_sha256']).toBe(createHash('sha256').update(bin).digest('hex'));
    expect(config['training']).toMatchObject({ method: 'eagle3', steps: 12, tttSteps: 3 });
    const head = await loadDraftHead(createDirectoryFileSource(out));
    expect(head.config.hiddenSize).toBe(64);
  });

  it('--method confu continues the committed EAGLE-3 head through the frozen target (loss falls) and writes a ConFu head', async () => {
    const { dir, data } = await tinyDataFile();
    const out = join(dir, 'confu');
    const report = await train([
      '--method',
      'confu',
      '--target',
      stories260k,
      '--data',
      data,
      '--init',
      resolve(repositoryRoot, 'models/stories260k-eagle3'),
      '--out',
      out,
      '--steps',
      '12',
      '--batch',
      '2',
      '--lr',
      '1e-2',
      '--ttt-steps',
      '3',
      '--anchors',
      '8',
      '--replication',
      '3',
      '--soft-prompt',
      '4',
      '--experts',
      '4',
      '--threads',
      '1',
    ]);
    expect(report.finalLoss).toBeLessThan(report.firstLoss);
    const config = await readConfig(out);
    expect(config['confu']).toMatchObject({ mode: 'moe', num_experts: 4, top_k: 2 });
    expect(config['training']).toMatchObject({
      method: 'confu',
      anchors: 8,
      replication: 3,
      softPromptLength: 4,
    });
    const head = await loadDraftHead(createDirectoryFileSource(out));
    expect(isConfuHead(head)).toBe(true);
    expect(head.confu?.softPrompt).toHaveLength(4 * 64);
  });

  it.each([
    ['eagle3', []],
    ['confu', ['--init', resolve(repositoryRoot, 'models/stories260k-eagle3'), '--anchors', '8']],
  ] as const)(
    '--method %s: --stop-after then --resume writes the same head as an uninterrupted run, bit for bit',
    async (method, extra) => {
      const { dir, data } = await tinyDataFile();
      const args = (out: string): string[] => [
        ...['--method', method, '--target', stories260k, '--data', data, '--out', out],
        ...['--steps', '6', '--batch', '1', '--lr', '1e-2', '--ttt-steps', '2', '--threads', '1'],
        ...extra,
      ];
      const checkpoint = join(dir, 'run.safetensors');

      await train(args(join(dir, 'whole')));
      const stopped = await train([
        ...args(join(dir, 'split')),
        '--stop-after',
        '4',
        '--checkpoint',
        checkpoint,
      ]);
      await train([...args(join(dir, 'split')), '--resume', checkpoint]);

      expect(stopped).toMatchObject({ stopped: 4 });
      const [a, b] = await Promise.all(
        ['whole', 'split'].map((out) => readFile(join(dir, out, 'model.safetensors'))),
      );
      expect(Buffer.compare(a as Buffer, b as Buffer)).toBe(0);
    },
  );

  it('refuses an unknown method or ConFu mode with a clear error', async () => {
    const { dir, data } = await tinyDataFile();
    const base = ['--target', stories260k, '--data', data, '--out', join(dir, 'x')];
    await expect(train(['--method', 'medusa', ...base])).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/eagle3, confu or lm/),
    });
    await expect(train(['--method', 'confu', '--mode', 'dynamic', ...base])).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/--mode must be moe or static/),
    });
  });
});
