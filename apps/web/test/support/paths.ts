import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasStories260k, stories260kDirectory } from '@internal/test-utils';

/** apps/web. */
export const appDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository root. */
export const repositoryRoot = resolve(appDirectory, '../..');
/** The llama2.c stories260K model the end-to-end test loads. */
export const storiesDirectory = stories260kDirectory;
/** Debian's chromium package. */
export const chromiumPath = process.env.CONFU_CHROMIUM ?? '/usr/bin/chromium';

/** Why the Chromium end-to-end test cannot run here, or undefined when it can. */
export function e2eSkipReason(): string | undefined {
  if (!hasStories260k('web app end-to-end')) {
    return `${storiesDirectory} not found (set CONFU_SHARED_DIR)`;
  }
  if (!existsSync(chromiumPath)) {
    return `${chromiumPath} not found (apt-get install chromium)`;
  }
  return undefined;
}
