import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** apps/web. */
export const appDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository root. */
export const repositoryRoot = resolve(appDirectory, '../..');
/** `CONFU_SHARED_DIR`, or `shared/` beside the repository (the same default as vite.config.ts). */
export const sharedDirectory = process.env.CONFU_SHARED_DIR ?? resolve(repositoryRoot, '../shared');
/** The llama2.c stories260K model the end-to-end test loads. */
export const storiesDirectory = join(sharedDirectory, 'models/stories260K');
/** Debian's chromium package. */
export const chromiumPath = process.env.CONFU_CHROMIUM ?? '/usr/bin/chromium';

/** Why the Chromium end-to-end test cannot run here, or undefined when it can. */
export function e2eSkipReason(): string | undefined {
  if (!existsSync(join(storiesDirectory, 'stories260K.bin'))) {
    return `${storiesDirectory} not found (set CONFU_SHARED_DIR)`;
  }
  if (!existsSync(chromiumPath)) {
    return `${chromiumPath} not found (apt-get install chromium)`;
  }
  return undefined;
}
