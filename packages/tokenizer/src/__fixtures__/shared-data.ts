import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hasSharedData, sharedDirectory } from '@internal/test-utils';

/** The read-only shared data folder (`CONFU_SHARED_DIR`, else `<repo>/../shared`). */
export const sharedDir = sharedDirectory;

/** Whether a path under the shared folder exists (also for optional files). */
export function hasShared(...parts: string[]): boolean {
  return existsSync(path.join(sharedDir, ...parts));
}

/**
 * Why a shared-data suite is skipped, for `describe.skipIf(...)` titles: missing data skips a
 * local run (one line printed) and fails a CI run (see `hasSharedData`).
 */
export function skipNote(...parts: string[]): string {
  const relative = path.join(...parts);
  return hasSharedData(`tokenizer tests on ${relative}`, relative)
    ? ''
    : ` (skipped: ${path.join(sharedDir, relative)} not found)`;
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
