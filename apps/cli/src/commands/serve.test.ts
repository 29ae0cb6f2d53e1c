import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeHub } from '@confu/hub/testing';
import { hasStories260k, stories260kDirectory } from '@internal/test-utils';
import { describe, expect, it } from 'vitest';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const stories260k = stories260kDirectory;
const hasModel = hasStories260k('confu serve');

describe.skipIf(!hasModel)('confu serve', () => {
  it('serves a hub model downloaded through --hub-endpoint and exits cleanly on SIGTERM', async () => {
    const files = Object.fromEntries(
      await Promise.all(
        ['stories260K.bin', 'tok512.bin'].map(async (name) => [
          `stories260K/${name}`,
          new Uint8Array(await readFile(join(stories260k, name))),
        ]),
      ),
    );
    const hub = await startFakeHub({ repos: { 'karpathy/tinyllamas': { files } } });
    const cache = await mkdtemp(join(tmpdir(), 'confu-cli-serve-'));
    const child = spawn(
      process.execPath,
      [
        '--conditions=@confu/source',
        '--import',
        'tsx',
        'apps/cli/src/main.ts',
        'serve',
        '--model',
        'karpathy/tinyllamas/stories260K',
        '--port',
        '0',
        '--hub-endpoint',
        hub.endpoint,
        '--draft',
        'ngram',
      ],
      {
        cwd: repositoryRoot,
        env: { ...process.env, HF_HUB_CACHE: cache },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = stdout.match(/on (http:\/\/127\.0\.0\.1:\d+)/);
          if (match?.[1]) resolveUrl(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
      });

      const response = await fetch(`${url}/v1/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'karpathy/tinyllamas/stories260K',
          prompt: 'Once upon a time',
          max_tokens: 8,
          temperature: 0,
        }),
      });
      const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
      child.kill('SIGTERM');

      expect(response.status).toBe(200);
      expect(
        ((await response.json()) as { choices: Array<{ text: string }> }).choices[0]?.text,
      ).toMatch(/^, there was/);
      expect(await exited).toBe(0);
      expect(stderr).toContain('downloading stories260K/stories260K.bin 100%');
    } finally {
      child.kill('SIGKILL');
      await hub.close();
      await rm(cache, { recursive: true, force: true });
    }
  });
});
