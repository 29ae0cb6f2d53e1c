import { createReadStream } from 'node:fs';

/**
 * Streams a UTF-8 text file as string chunks (64 KiB reads), for `splitLines`,
 * `parseCorpusStories` or `parseDevPrompts` of `@confu/trainer`.
 */
export async function* readTextFile(path: string): AsyncGenerator<string, void> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  for await (const chunk of stream) yield chunk as string;
}
