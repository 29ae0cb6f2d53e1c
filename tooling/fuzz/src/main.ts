/**
 * `pnpm fuzz [--runs N] [--seed S] [--target name,...]`: runs every fuzz target (default 10^6
 * inputs each, seed 1), each in its own Node process so that a fatal crash (an out-of-memory
 * abort, a native assertion) is reported as a failure of that target instead of ending the run.
 * Prints one JSON report per target; exits 1 when any input failed (threw anything but a
 * ConfuError), hung (took over 1 s) or crashed the process.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { runFuzzTarget } from './run-target.js';
import { fuzzTargets } from './targets.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    target: { type: 'string' },
    child: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
const wanted = values.target?.split(',') ?? fuzzTargets.map((target) => target.name);
let bad = 0;
for (const target of fuzzTargets.filter((candidate) => wanted.includes(candidate.name))) {
  if (values.child) {
    const report = await runFuzzTarget(target, {
      runs,
      seed,
      onProgress: (inputs) => {
        if (inputs % 100_000 === 0) process.stderr.write(`[fuzz] ${target.name}: ${inputs}\n`);
      },
    });
    bad += report.failures + report.hangs;
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    const line = await runChild(target.name);
    bad += line.crashed || line.failures + line.hangs > 0 ? 1 : 0;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}
process.exitCode = bad > 0 ? 1 : 0;

/** Runs one target in a child process; a crash becomes a report with `crashed`. */
function runChild(
  name: string,
): Promise<{ target: string; crashed?: string; failures: number; hangs: number }> {
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      process.argv[1] as string,
      '--child',
      '--target',
      name,
      '--runs',
      String(runs),
      '--seed',
      String(seed),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    process.stderr.write(chunk);
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      const line = stdout.trim().split('\n').pop();
      if (code === 0 || (code === 1 && line)) {
        resolve(JSON.parse(line as string) as { target: string; failures: number; hangs: number });
      } else {
        resolve({
          target: name,
          crashed: `exit ${String(code)} ${String(signal)}: ${stderr.slice(-600)}`,
          failures: 1,
          hangs: 0,
        });
      }
    });
  });
}
