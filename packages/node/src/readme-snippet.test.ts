import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasStories260k } from '@internal/test-utils';
import { describe, expect, it } from 'vitest';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** README's first TypeScript block, exactly as printed. */
function firstLibrarySnippet(): string {
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md has no ```ts block');
  return block;
}

describe.skipIf(!hasStories260k('README library snippet'))('README library snippet', () => {
  it('is at most 5 lines and runs as printed, from the repository root', () => {
    const snippet = firstLibrarySnippet();
    // Inside packages/node, so `@confu/node` resolves to this package (a self-reference).
    const file = join(repositoryRoot, 'packages/node', `.readme-snippet-${process.pid}.mts`);
    writeFileSync(file, snippet);
    try {
      const run = spawnSync(
        process.execPath,
        ['--conditions=@confu/source', '--import', 'tsx', file],
        { cwd: repositoryRoot, encoding: 'utf8', timeout: 120_000 },
      );

      expect(snippet.trimEnd().split('\n').length).toBeLessThanOrEqual(5);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^, there was a little girl[\s\S]* tau \d\.\d\d\n$/);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
