import { ConfuError } from '@confu/errors';
import { byteLevelPattern, stableSplitEnd } from './pre-tokenize.js';

/** Pre-tokenized words of a corpus and how often each occurs. */
export interface WordCounts {
  readonly counts: ReadonlyMap<string, number>;
  /** Special tokens cut out of the text before splitting, as encoding does. */
  readonly specialTokens: readonly string[];
}

/**
 * Counts the pre-tokenizer's pieces of text fed in chunks of any size: pieces are only cut up to a
 * point where more text cannot change them, the rest waits for the next chunk or `finish()`.
 * Special-token strings are removed first, as `@huggingface/tokenizers` splits them off.
 */
export class WordCounter {
  readonly #counts = new Map<string, number>();
  readonly #specialTokens: readonly string[];
  readonly #specialPattern: RegExp | undefined;
  #pending = '';

  constructor(specialTokens: readonly string[] = []) {
    for (const token of specialTokens) {
      if (token === '' || /\s/.test(token)) {
        throw new ConfuError(
          'INVALID_ARGUMENT',
          `special token ${JSON.stringify(token)} must be non-empty without whitespace`,
        );
      }
    }
    this.#specialTokens = [...specialTokens];
    this.#specialPattern =
      specialTokens.length === 0
        ? undefined
        : new RegExp([...specialTokens].sort(byLengthDescending).map(escape).join('|'), 'u');
  }

  /** Adds the next chunk of the corpus. */
  add(text: string): void {
    const buffered = this.#pending + text;
    const end = stableSplitEnd(buffered);
    this.#pending = buffered.slice(end);
    this.#countSegments(buffered.slice(0, end));
  }

  /** Counts the text still buffered and returns the counts. */
  finish(): WordCounts {
    this.#countSegments(this.#pending);
    this.#pending = '';
    return { counts: this.#counts, specialTokens: this.#specialTokens };
  }

  #countSegments(text: string): void {
    const segments = this.#specialPattern ? text.split(this.#specialPattern) : [text];
    const counts = this.#counts;
    for (const segment of segments) {
      for (const match of segment.matchAll(byteLevelPattern)) {
        const word = match[0];
        counts.set(word, (counts.get(word) ?? 0) + 1);
      }
    }
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function byLengthDescending(a: string, b: string): number {
  return b.length - a.length;
}
