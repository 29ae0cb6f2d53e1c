import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfuError } from '@confu/errors';

/** Limits of a model directory listing: far above real checkpoints, far below a file system. */
export const modelDirectoryLimits = {
  /** Folder levels below the model directory that are searched (`original/`, `onnx/`, ...). */
  maxDepth: 3,
  /** Entries (files and folders) looked at before the directory is refused. */
  maxEntries: 10_000,
} as const;

/**
 * The files of a model directory as sorted `/`-separated relative names. Symbolic links to files
 * are files (the Hugging Face cache layout); links to folders and dot-folders (`.git`,
 * `.cache`) are not entered, so a link cycle cannot loop. The walk is breadth-first and stops
 * at {@link modelDirectoryLimits}.
 * @throws ConfuError `INVALID_ARGUMENT` when the directory holds more than `maxEntries` entries
 * (`--model /`), `FILE_NOT_FOUND` when a folder cannot be read (missing, permission denied),
 * naming it and the system error code.
 */
export async function listModelFiles(
  directory: string,
  limits: { maxDepth: number; maxEntries: number } = modelDirectoryLimits,
): Promise<string[]> {
  const files: string[] = [];
  let seen = 0;
  let level: string[] = [''];
  for (let depth = 0; depth <= limits.maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      const entries = await readFolder(directory, folder);
      seen += entries.length;
      if (seen > limits.maxEntries) {
        throw new ConfuError(
          'INVALID_ARGUMENT',
          `${directory} holds more than ${limits.maxEntries} files and folders; pass the folder that holds the model files`,
        );
      }
      for (const entry of entries) {
        const name = folder === '' ? entry.name : `${folder}/${entry.name}`;
        if (entry.isFile()) files.push(name);
        else if (entry.isDirectory() && !entry.name.startsWith('.')) next.push(name);
        else if (entry.isSymbolicLink() && (await isLinkToFile(join(directory, name))))
          files.push(name);
      }
    }
    level = next;
  }
  return files.sort();
}

async function readFolder(directory: string, folder: string): Promise<Dirent[]> {
  const path = join(directory, folder);
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ConfuError(
      'FILE_NOT_FOUND',
      `${path} cannot be listed${typeof code === 'string' ? ` (${code})` : ''}`,
      { cause: error },
    );
  }
}

async function isLinkToFile(path: string): Promise<boolean> {
  const target = await stat(path).catch(() => undefined); // a dangling link is not a file
  return target?.isFile() === true;
}
