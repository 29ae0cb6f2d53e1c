import { open, stat } from 'node:fs/promises';
import { ConfuError } from '@confu/errors';
import { createCorpusDecoder } from '@confu/tokenizer';

/** Which bytes of the concatenated corpus files to train on. */
export interface CorpusWindow {
  /** Bytes to drop from the start; training starts at the next line. Default 0. */
  readonly skipBytes?: number;
  /** Bytes to keep at most; cut back to the end of a line. Default: all. */
  readonly maxBytes?: number;
}

/** One chunk read from a corpus file: its text inside the window (maybe empty) and byte count. */
export interface CorpusChunk {
  readonly text: string;
  readonly bytes: number;
}

const chunkSize = 1 << 20;
const newline = 0x0a;

/**
 * Checks the corpus files and returns how many chunks {@link readCorpus} yields at most.
 * @throws ConfuError `FILE_NOT_FOUND` for a missing file, `INVALID_ARGUMENT` for a directory,
 * `INVALID_FILE` for an empty file.
 */
export async function corpusChunks(files: readonly string[]): Promise<number> {
  let chunks = 0;
  for (const file of files) {
    const info = await stat(file).catch((error: unknown) => {
      throw new ConfuError('FILE_NOT_FOUND', `--corpus ${file} does not exist`, { cause: error });
    });
    if (!info.isFile()) throw new ConfuError('INVALID_ARGUMENT', `--corpus ${file} is not a file`);
    if (info.size === 0) throw new ConfuError('INVALID_FILE', `corpus ${file} is empty`);
    chunks += Math.ceil(info.size / chunkSize);
  }
  return chunks;
}

/**
 * Reads the corpus files as one stream of text, in 1 MiB chunks, keeping only the window. Each
 * file is strict UTF-8 (`INVALID_FILE` naming it otherwise); windows cut at line ends, so never
 * inside a character.
 */
export async function* readCorpus(
  files: readonly string[],
  window: CorpusWindow,
): AsyncGenerator<CorpusChunk> {
  let toSkip = window.skipBytes ?? 0;
  let skippingLine = toSkip > 0;
  let budget = window.maxBytes ?? Infinity;
  for (const file of files) {
    const decoder = createCorpusDecoder(file);
    const handle = await open(file, 'r');
    try {
      const buffer = new Uint8Array(chunkSize);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, chunkSize, null);
        if (bytesRead === 0) break;
        let chunk = buffer.subarray(0, bytesRead);
        if (toSkip > 0) {
          const dropped = Math.min(toSkip, chunk.length);
          toSkip -= dropped;
          skippingLine = chunk[dropped - 1] !== newline;
          chunk = chunk.subarray(dropped);
        }
        if (skippingLine && chunk.length > 0) {
          const end = chunk.indexOf(newline);
          skippingLine = end < 0;
          chunk = chunk.subarray(end < 0 ? chunk.length : end + 1);
        }
        if (chunk.length > budget) {
          chunk = chunk.subarray(0, chunk.lastIndexOf(newline, budget - 1) + 1);
          budget = 0;
        } else {
          budget -= chunk.length;
        }
        yield { text: chunk.length > 0 ? decoder.decode(chunk) : '', bytes: chunk.length };
        if (budget === 0) return;
      }
      decoder.decode(new Uint8Array(0), true);
    } finally {
      await handle.close();
    }
  }
}
