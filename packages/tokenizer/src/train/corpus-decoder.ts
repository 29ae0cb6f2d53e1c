import { ConfuError } from '@confu/errors';

/** Decodes one corpus file fed in chunks; invalid UTF-8 is an error, not U+FFFD. */
export interface CorpusDecoder {
  /** Text of `bytes`; pass `final` with the last chunk so a truncated sequence is caught. */
  decode(bytes: Uint8Array, final?: boolean): string;
}

/**
 * A strict UTF-8 decoder for the corpus file `name`: a tokenizer trained on replacement characters
 * would silently learn them, so a non-UTF-8 corpus is refused.
 * @throws ConfuError `INVALID_FILE` naming the file and the chunk's byte offset.
 */
export function createCorpusDecoder(name: string): CorpusDecoder {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  return {
    decode(bytes, final = false) {
      try {
        return decoder.decode(bytes, { stream: !final });
      } catch (error) {
        throw new ConfuError(
          'INVALID_FILE',
          `corpus ${name} is not valid UTF-8 (in bytes ${offset}–${offset + bytes.length})`,
          { cause: error },
        );
      } finally {
        offset += bytes.length;
      }
    },
  };
}
