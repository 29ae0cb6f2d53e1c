import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's `models/` folder (this file is apps/cli/src/default-model.ts). */
export const modelsDirectory: string = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../models',
);

/** What commands use without `--model`. */
export interface DefaultModel {
  /** The model folder. */
  readonly path: string;
  /**
   * Head folders by method, when the model does not ship them as its own `eagle3/` and `confu/`
   * subfolders.
   */
  readonly heads: Readonly<Partial<Record<'eagle3' | 'confu', string>>>;
}

/**
 * The default model, named once in `models/default.json` (`model` and optional `heads`, folders
 * relative to `models/`): `confu generate`, `bench` and `serve` use it without `--model`, and the
 * web app serves it.
 */
export function defaultModel(): DefaultModel {
  const file = resolve(modelsDirectory, 'default.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as {
    model: string;
    heads?: Partial<Record<'eagle3' | 'confu', string>>;
  };
  const heads: Partial<Record<'eagle3' | 'confu', string>> = {};
  for (const method of ['eagle3', 'confu'] as const) {
    const head = json.heads?.[method];
    if (head) heads[method] = resolve(modelsDirectory, head);
  }
  return { path: resolve(modelsDirectory, json.model), heads };
}
