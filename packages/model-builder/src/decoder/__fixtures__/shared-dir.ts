import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

/** `/work/shared`-style data directory: `CONFU_SHARED_DIR`, else `<repo>/../shared`. */
export const sharedDir = process.env['CONFU_SHARED_DIR'] ?? path.resolve(repoRoot, '../shared');

/** Absolute path of a file under the shared directory, or `undefined` when it is absent. */
export function sharedFile(relative: string): string | undefined {
  const file = path.join(sharedDir, relative);
  return existsSync(file) ? file : undefined;
}
