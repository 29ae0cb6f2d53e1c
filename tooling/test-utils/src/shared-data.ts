import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is tooling/test-utils/src/shared-data.ts). */
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The read-only shared data folder: `$CONFU_SHARED_DIR`, else `../shared` beside the repository. */
export const sharedDirectory: string = resolve(
  process.env['CONFU_SHARED_DIR'] ?? join(repositoryRoot, '../shared'),
);

/** An absolute path under {@link sharedDirectory}; `parts` are `/`-separated relative paths. */
export function sharedPath(...parts: string[]): string {
  return join(sharedDirectory, ...parts);
}

/** What {@link checkSharedData} decides from; injected so the policy is testable. */
export interface SharedDataCheck {
  /** Names the suite in the skip line and the error, e.g. `stories260K decoder`. */
  readonly suite: string;
  /** Absolute paths the suite reads. */
  readonly paths: readonly string[];
  /** Whether this is a CI run, where missing data is an error. */
  readonly ci: boolean;
  readonly exists: (path: string) => boolean;
  /** Receives the one skip line of a local run. */
  readonly warn: (line: string) => void;
}

/**
 * Whether a suite's shared data is present. Missing data fails a CI run loudly (a thrown error
 * naming the path and `CONFU_SHARED_DIR`, so a broken CI mount cannot pass as skipped tests) and
 * skips a local run with one line.
 */
export function checkSharedData(check: SharedDataCheck): boolean {
  const missing = check.paths.find((path) => !check.exists(path));
  if (missing === undefined) return true;
  if (check.ci) {
    throw new Error(
      `${check.suite}: shared test data ${missing} is missing (CI=true); set CONFU_SHARED_DIR to the shared data folder`,
    );
  }
  check.warn(
    `[confu tests] skipping ${check.suite}: ${missing} not found (set CONFU_SHARED_DIR to the shared data folder)`,
  );
  return false;
}

const reported = new Set<string>();

/**
 * {@link checkSharedData} for the files `parts` under the shared folder (each a `/`-separated
 * relative path), with `CI=true` from the environment; the skip line is printed once per suite.
 * Use as `describe.skipIf(!hasSharedData('…', 'models/stories260K/stories260K.bin'))`.
 * @throws Error when the data is missing under `CI=true`.
 */
export function hasSharedData(suite: string, ...parts: string[]): boolean {
  return checkSharedData({
    suite,
    paths: parts.map((part) => sharedPath(part)),
    ci: process.env['CI'] === 'true' || process.env['CI'] === '1',
    exists: existsSync,
    warn: (line) => {
      if (reported.has(suite)) return;
      reported.add(suite);
      console.warn(line);
    },
  });
}

/** The stories260K llama2.c model (checkpoint, tokenizer, golden outputs) under the shared folder. */
export const stories260kDirectory: string = sharedPath('models/stories260K');

/** {@link hasSharedData} for the stories260K checkpoint. */
export function hasStories260k(suite: string): boolean {
  return hasSharedData(suite, 'models/stories260K/stories260K.bin');
}
