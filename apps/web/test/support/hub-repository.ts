import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The top-level files of `folder` (README.md left out), under `prefix`. */
async function filesOf(folder: string, prefix: string): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'README.md') continue;
    files[`${prefix}${entry.name}`] = new Uint8Array(await readFile(join(folder, entry.name)));
  }
  return files;
}

/**
 * A model folder and its heads as one hub repository: the model's files at the top, each head's
 * files in its `eagle3/` or `confu/` folder (how a model ships its own heads).
 */
export async function hubRepositoryFiles(model: {
  readonly path: string;
  readonly heads: Readonly<Partial<Record<'eagle3' | 'confu', string>>>;
}): Promise<Record<string, Uint8Array>> {
  let files = await filesOf(model.path, '');
  for (const [method, folder] of Object.entries(model.heads)) {
    files = { ...files, ...(await filesOf(folder, `${method}/`)) };
  }
  return files;
}
