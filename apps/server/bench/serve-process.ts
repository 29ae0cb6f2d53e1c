import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is apps/server/bench/serve-process.ts). */
export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** stories260K under the shared data folder. */
export const stories260kPath = resolve(
  process.env['CONFU_SHARED_DIR'] ?? resolve(repositoryRoot, '../shared'),
  'models/stories260K',
);

/** A `confu serve` child process. */
export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code and signal once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines of its stderr and stdout. */
  output(): string;
}

/**
 * Starts `confu serve <args>` from source as its own Node process (so its RSS, file descriptors
 * and exit status are its own) and resolves once it listens.
 */
export function startServeProcess(args: readonly string[]): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    ['--conditions=@confu/source', '--import', 'tsx', 'apps/cli/src/main.ts', 'serve', ...args],
    { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return new Promise((resolveStart, reject) => {
    let started = false;
    const onData = (chunk: Buffer): void => {
      log = (log + chunk.toString()).slice(-20_000);
      const match = started ? null : /serving .* on (http:\/\/[^\s]+)/.exec(log);
      if (match && child.pid !== undefined) {
        started = true;
        resolveStart({ url: match[1] as string, child, pid: child.pid, exited, output: () => log });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(({ code, signal }) => {
      if (!started)
        reject(new Error(`confu serve exited (${code ?? signal}) before listening:\n${log}`));
    });
  });
}

/** Resident set size (bytes) and open file descriptors of a process, from /proc (Linux). */
export async function processUsage(pid: number): Promise<{ rssBytes: number; fds: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rss = /VmRSS:\s+(\d+) kB/.exec(status);
  const fds = (await readdir(`/proc/${pid}/fd`)).length;
  return { rssBytes: Number(rss?.[1] ?? 0) * 1024, fds };
}

/** The `q` quantile (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  ] as number;
}
