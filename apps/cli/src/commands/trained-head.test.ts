import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDrafter, loadModel } from '@confu/node';
import type { GenerationStats } from '@confu/node';
import { hasSharedData, sharedPath, stories260kDirectory } from '@internal/test-utils';
import { describe, expect, it } from 'vitest';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const stories260k = stories260kDirectory;
const questions = sharedPath('eval/tinystories/question.jsonl');
const ready = hasSharedData(
  'committed stories260K heads',
  'models/stories260K/stories260K.bin',
  'eval/tinystories/question.jsonl',
);

describe.skipIf(!ready).each([
  ['EAGLE-3', 'eagle3', 'models/stories260k-eagle3'],
  ['ConFu', 'confu', 'models/stories260k-confu'],
] as const)('committed stories260K %s head', (_, kind, directory) => {
  const head = join(repositoryRoot, directory);

  it('is small, names the target by sha256 and carries no embedding', async () => {
    const config = JSON.parse(await readFile(join(head, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(config['target_sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(join(head, 'model.safetensors'))).size).toBeLessThan(5_000_000);
    const bytes = await readFile(join(head, 'model.safetensors'));
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const names = Object.keys(
      JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as object,
    );
    expect(names.some((name) => name.includes('embed'))).toBe(false);
  });

  it('drafts losslessly: greedy output equals --draft none on 5 prompts × 100 tokens', async () => {
    const prompts = (await readFile(questions, 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(0, 5)
      .map((line) => (JSON.parse(line) as { turns: string[] }).turns[0] as string);
    const model = await loadModel(stories260k, { numThreads: 1 });
    const drafter = await loadDrafter(
      model,
      stories260k,
      {
        kind,
        seed: 0,
        modelPath: head,
        tree: { depth: 5, topK: 4, totalTokens: 16 },
      },
      { numThreads: 1 },
    );
    try {
      const taus: number[] = [];
      for (const prompt of prompts) {
        const run = async (withDrafter: boolean) => {
          const tokens: number[] = [];
          let stats: GenerationStats | undefined;
          for await (const chunk of model.generate({
            prompt: model.encode(prompt),
            maxTokens: 100,
            temperature: 0,
            ...(withDrafter && drafter ? { drafter } : {}),
          })) {
            tokens.push(...chunk.tokens);
            stats = chunk.stats ?? stats;
          }
          return { tokens, stats };
        };
        const plain = await run(false);
        const drafted = await run(true);
        expect(drafted.tokens).toEqual(plain.tokens);
        taus.push(drafted.stats?.acceptanceLength ?? 0);
      }
      // A trained head accepts well beyond the bonus token alone.
      expect(taus.reduce((a, b) => a + b, 0) / taus.length).toBeGreaterThan(1.5);
    } finally {
      await drafter?.dispose();
      await model.dispose();
    }
  });
});
