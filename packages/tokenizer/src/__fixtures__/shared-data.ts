import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Repository root: packages/tokenizer/src/__fixtures__ → four levels up.
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The read-only shared data folder: `CONFU_SHARED_DIR`, else `<repo>/../shared`. */
export const sharedDir = process.env.CONFU_SHARED_DIR ?? path.resolve(repositoryRoot, '../shared');

/** Whether a path under the shared folder exists (tests skip when it does not). */
export function hasShared(...parts: string[]): boolean {
  return existsSync(path.join(sharedDir, ...parts));
}

/** Why a shared-data test is skipped, for `describe.skipIf(...)` titles. */
export function skipNote(...parts: string[]): string {
  return hasShared(...parts) ? '' : ` (skipped: ${path.join(sharedDir, ...parts)} not found)`;
}

export function readSharedBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(path.join(sharedDir, ...parts)));
}

export function readSharedText(...parts: string[]): string {
  return readFileSync(path.join(sharedDir, ...parts), 'utf8');
}

export function readSharedJson<T>(...parts: string[]): T {
  return JSON.parse(readSharedText(...parts)) as T;
}

/** Runs `fn` and returns the error it threw; fails the test if it did not throw. */
export function caught(fn: () => unknown): { name: string; code: string; message: string } {
  try {
    fn();
  } catch (error) {
    const { name, code, message } = error as { name: string; code: string; message: string };
    return { name, code, message };
  }
  throw new Error('expected the call to throw');
}
