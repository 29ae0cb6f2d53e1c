import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeHub } from '@confu/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRandomModelFolder } from '../../../packages/node/src/__fixtures__/random-model-folder.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs `confu` as a user does (through the package's bin) and collects its output. */
export function confu(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['apps/cli/bin/confu.mjs', ...args], {
      cwd: repositoryRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

let scratch: string;
let model: string;
const env = (): Record<string, string> => ({ CONFU_CACHE_DIR: join(scratch, 'graphs') });

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'confu-cli-'));
  model = join(scratch, 'model');
  await writeRandomModelFolder(model);
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('confu', () => {
  it('prints a command’s own usage for --help and exits 0', async () => {
    const run = await confu(['generate', '--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: confu generate \[options\]/);
    expect(run.stdout).toContain('--draft-model <dir|hub id>');
  });

  it('suggests the nearest command and option, without printing the whole usage', async () => {
    const [command, option] = await Promise.all([
      confu(['gnerate']),
      confu(['generate', '--prompt', 'x', '--max-tokns', '3']),
    ]);

    expect([command.code, option.code]).toEqual([2, 2]);
    expect(command.stderr).toContain('(Did you mean generate?)');
    expect(option.stderr).toContain('(Did you mean --max-tokens?)');
    expect(command.stderr.split('\n').length).toBeLessThan(5);
  });

  it('explains negative, non-numeric and out-of-range values with the honest range', async () => {
    const runs = await Promise.all([
      confu(['generate', '--prompt', 'x', '--max-tokens', '-1']),
      confu(['generate', '--prompt', 'x', '--top-p', '2']),
      confu(['bench', '--prompts', 'x', '--limit', 'ten']),
    ]);

    expect(runs.map((run) => run.code)).toEqual([2, 2, 2]);
    expect(runs.map((run) => run.stderr.trim().split('\n')[0])).toEqual([
      'confu: --max-tokens must be an integer ≥ 1, got "-1" [INVALID_ARGUMENT]',
      'confu: --top-p must be a number in (0, 1], got "2" [INVALID_ARGUMENT]',
      'confu: --limit must be an integer ≥ 1, got "ten" [INVALID_ARGUMENT]',
    ]);
  });

  it('fails --draft eagle3 without a head, naming --draft-model', async () => {
    const run = await confu(
      ['generate', '--model', model, '--prompt', 'ab', '--draft', 'eagle3'],
      env(),
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--draft-model');
  });

  it('prints tau and the speed-up in the summary line', async () => {
    const run = await confu(
      [
        'generate',
        ...['--model', model, '--prompt', 'abcab', '--max-tokens', '12', '--temperature', '0'],
        ...['--draft', 'ngram', '--compare'],
      ],
      env(),
    );

    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /\[12 tokens · [\d.]+ tokens\/s · ngram tau [\d.]+ · speed-up [\d.]+× vs plain\]/,
    );
  });

  it('prints bench results as a table (JSON with --json)', async () => {
    const prompts = join(scratch, 'prompts.jsonl');
    await writeFile(
      prompts,
      ['abcab', 'cabca']
        .map((text, id) => JSON.stringify({ question_id: id, category: 'letters', turns: [text] }))
        .join('\n'),
    );
    const args = [
      'bench',
      '--model',
      model,
      '--prompts',
      prompts,
      '--max-tokens',
      '8',
      '--draft',
      'ngram',
    ];

    const [table, json] = await Promise.all([
      confu(args, env()),
      confu([...args, '--json'], env()),
    ]);

    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[1]).toMatch(
      /^category +prompts +tau +plain tok\/s +spec tok\/s +speed-up/,
    );
    expect(table.stdout).toMatch(/\nall +2 +[\d.]+/);
    expect(JSON.parse(json.stdout)).toMatchObject({ overall: { prompts: 2 } });
  });

  it('uses a model the fake hub placed in the standard Hugging Face cache with --offline, downloading nothing again', async () => {
    const files: Record<string, Uint8Array> = {};
    const withHead = join(scratch, 'hub-model');
    await writeRandomModelFolder(withHead, ['eagle3']);
    for (const entry of await readdir(withHead, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      files[path.slice(withHead.length + 1)] = new Uint8Array(await readFile(path));
    }
    const hub = await startFakeHub({ repos: { 'someone/tiny-llama': { files } } });
    const cacheEnv = { ...env(), HF_HUB_CACHE: join(scratch, 'hf-cache') };
    const args = ['generate', '--model', 'someone/tiny-llama', '--prompt', 'abcab'];
    const greedy = ['--max-tokens', '10', '--temperature', '0', '--draft', 'eagle3', '--json'];
    try {
      const online = await confu([...args, ...greedy, '--hub-endpoint', hub.endpoint], cacheEnv);
      const requests = hub.requests.length;
      const offline = await confu([...args, ...greedy, '--offline'], cacheEnv);

      expect([online.code, offline.code]).toEqual([0, 0]);
      expect(hub.requests).toHaveLength(requests);
      expect(JSON.parse(offline.stdout).tokens).toEqual(JSON.parse(online.stdout).tokens);
      expect(await readdir(join(scratch, 'hf-cache', 'models--someone--tiny-llama'))).toEqual(
        expect.arrayContaining(['blobs', 'refs', 'snapshots']),
      );
    } finally {
      await hub.close();
    }
  });
});
