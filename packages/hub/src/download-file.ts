import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { finished } from 'node:stream/promises';
import { ConfuError } from '@confu/errors';
import { request } from './hub-api.js';
import type { HubFile } from './hub-file.js';
import type { DownloadProgress, HubSettings } from './hub-options.js';

const progressStep = 64 * 1024;

/**
 * Downloads `url` to `target` through a temporary file, checking the byte count and the hash the
 * listing gave (SHA-256 for LFS files, the git blob id otherwise); only a verified file is
 * renamed into place, so the cache never holds a partial or corrupt file.
 * @throws ConfuError `INVALID_FILE` on a size or hash mismatch, and what `request` throws.
 */
export async function downloadFile(
  settings: HubSettings,
  options: {
    url: string;
    file: HubFile;
    target: string;
    onProgress?: ((progress: DownloadProgress) => void) | undefined;
    signal?: AbortSignal | undefined;
  },
): Promise<void> {
  const { url, file, target, onProgress, signal } = options;
  const response = await request(settings, url, signal);
  const hash = createHash(file.sha256 ? 'sha256' : 'sha1');
  if (!file.sha256) hash.update(`blob ${file.size}\0`);
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.incomplete-${process.pid}-${Date.now()}`;
  const output = createWriteStream(temporary);
  let received = 0;
  let reported = 0;
  const report = (done: boolean): void =>
    onProgress?.({ file: file.path, receivedBytes: received, totalBytes: file.size, done });
  try {
    if (response.body) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        received += chunk.byteLength;
        if (received > file.size) break;
        hash.update(chunk);
        if (!output.write(chunk))
          await new Promise<void>((resolve) => output.once('drain', () => resolve()));
        if (received - reported >= progressStep) {
          reported = received;
          report(false);
        }
      }
    }
    output.end();
    await finished(output);
    if (received !== file.size) {
      throw new ConfuError(
        'INVALID_FILE',
        `${file.path}: downloaded ${received > file.size ? 'more than' : received} bytes, expected ${file.size}`,
      );
    }
    const digest = hash.digest('hex');
    const expected = file.sha256 ?? file.gitOid;
    if (expected !== undefined && digest !== expected) {
      throw new ConfuError(
        'INVALID_FILE',
        `${file.path}: checksum mismatch (got ${digest}, expected ${expected})`,
      );
    }
    await rename(temporary, target);
    report(true);
  } catch (error) {
    output.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}
