import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDefaultModel } from '../../vite/repository-models-plugin.js';
import { repositoryModelsDirectory } from '../../vite/web-config.js';

/** apps/web. */
export const appDirectory = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository root. */
export const repositoryRoot = resolve(appDirectory, '../..');
/** The default model of `models/default.json` and its trained heads: what the test loads. */
export const defaultModel = readDefaultModel(repositoryModelsDirectory);
/** Debian's chromium package. */
export const chromiumPath = process.env.CONFU_CHROMIUM ?? '/usr/bin/chromium';

/** Why the Chromium end-to-end test cannot run here, or undefined when it can. */
export function e2eSkipReason(): string | undefined {
  if (!existsSync(defaultModel.path)) {
    return `the default model ${defaultModel.path} (models/default.json) not found`;
  }
  if (!defaultModel.heads.eagle3) return 'the default model has no trained EAGLE-3 head';
  if (!existsSync(chromiumPath)) {
    return `${chromiumPath} not found (apt-get install chromium)`;
  }
  return undefined;
}
