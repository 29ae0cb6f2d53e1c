import type { StreamDecoder } from '@confu/core';

/** Options of {@link createWindowedStreamDecoder}. */
export interface WindowedStreamDecoderOptions {
  /**
   * How many trailing UTF-16 units of a decoded text later ids may still change, besides the
   * trailing U+FFFD of an incomplete character, which is always held back.
   */
  readonly unstableSuffixLength?: (text: string) => number;
  /** Ids that precede the stream: context for the first pushed ids, never emitted. */
  readonly prefixIds?: readonly number[];
}

/** Context ids kept from `prefixIds`: enough for a multi-byte character and a leading space. */
const maxPrefixIds = 8;
/** Window cuts tried per push, newest first; bounds the work per token. */
const maxCutsTried = 8;
/** An incomplete UTF-8 sequence is at most 3 bytes, so at most 3 U+FFFD can still change. */
const maxPendingReplacements = 3;

/**
 * A {@link StreamDecoder} over any whole-sequence `decode`. It keeps a short window of recent ids,
 * decodes the window after each push and emits the part that is both new and stable. The window
 * is cut back to its newest ids whenever decoding those alone reproduces the end of the window's
 * text, so the work per token is O(window), not O(stream).
 */
export function createWindowedStreamDecoder(
  decode: (ids: readonly number[]) => string,
  options: WindowedStreamDecoderOptions = {},
): StreamDecoder {
  const unstableSuffix = options.unstableSuffixLength ?? (() => 0);
  let window: number[] = (options.prefixIds ?? []).slice(-maxPrefixIds);
  // UTF-16 units of decode(window) already emitted (or, for prefix ids, never to be emitted).
  let emitted = decode(window).length;

  // Drops the oldest ids when the newest ones alone decode to the same trailing text.
  const cut = (text: string): void => {
    const last = window.length - 1;
    for (let start = last; start >= Math.max(1, last - maxCutsTried + 1); start--) {
      const kept = window.slice(start);
      const keptText = decode(kept);
      const dropped = text.length - keptText.length;
      // An empty or U+FFFD-led tail may have lost its context (a stripped space, a split character).
      if (keptText.length === 0 || keptText.charCodeAt(0) === 0xfffd) continue;
      if (dropped < 0 || dropped > emitted || !text.endsWith(keptText)) continue;
      window = kept;
      emitted -= dropped;
      return;
    }
  };

  return {
    push(id) {
      window.push(id);
      const text = decode(window);
      const held = Math.max(trailingReplacements(text), unstableSuffix(text));
      const stableEnd = text.length - held;
      let chunk = '';
      if (stableEnd > emitted) {
        chunk = text.slice(emitted, stableEnd);
        emitted = stableEnd;
      }
      cut(text);
      return chunk;
    },
    flush() {
      const chunk = decode(window).slice(emitted);
      window = [];
      emitted = 0;
      return chunk;
    },
  };
}

function trailingReplacements(text: string): number {
  let count = 0;
  while (count < maxPendingReplacements && text.charCodeAt(text.length - 1 - count) === 0xfffd) {
    count++;
  }
  return count;
}
