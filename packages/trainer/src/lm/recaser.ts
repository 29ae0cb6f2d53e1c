/** Restores letter case of lower-cased text from statistics of cased text. */
export interface Recaser {
  /** `text` (lower-cased) with the casing the cased text suggests. */
  recase(text: string): string;
}

/** Where a word stands, as far as casing goes. */
type Context = 'start' | 'sentence' | 'quote' | 'after-quote' | 'mid';

// Words: letters, digits and inner apostrophes ("lily's", "don't").
const wordPattern = /\p{L}[\p{L}\p{N}]*(?:['’]\p{L}+)*/gu;

/**
 * The casing context of the word at `index` of `text`: the text or a line starts (`start`), a
 * sentence ended before it (`sentence`), a quotation opens before it (`quote`), a quotation
 * ended with . ! or ? before it (`after-quote`: "Run!" he said / "Run!" Her mom ...), else `mid`.
 */
function contextAt(text: string, index: number): Context {
  let i = index - 1;
  let quote = false;
  while (i >= 0 && (text[i] === '"' || text[i] === '“' || text[i] === '”')) {
    quote = true;
    i--;
  }
  if (quote && (i < 0 || /\s/.test(text[i] as string))) return 'quote';
  let spaces = 0;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) {
    spaces++;
    i--;
  }
  if (i < 0 || text[i] === '\n') return 'start';
  if (spaces === 0) return 'mid';
  if (/[.!?]/.test(text[i] as string)) return 'sentence';
  if (/["”']/.test(text[i] as string) && /[.!?]/.test(text[i - 1] ?? '')) return 'after-quote';
  if (/["“]/.test(text[i] as string) && /[:,]/.test(text[i - 1] ?? '')) return 'quote';
  return 'mid';
}

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * Learns, from cased texts, how each lower-cased word is written in each context
 * ({@link contextAt}: after a sentence end a word is usually capitalised; `i`, names and `Mr.`
 * are capitalised everywhere; after `!"` it depends on the word). Recasing writes each word in
 * its most frequent form for its context; an unseen word the text introduces with "named" is a
 * name; a word never seen in that context is capitalised at a
 * sentence, line or quotation start and otherwise written in its most frequent form anywhere, or
 * left lower-cased when unseen. Punctuation and spacing are untouched.
 */
export function createRecaser(casedTexts: Iterable<string>): Recaser {
  const counts = new Map<string, Map<string, number>>();
  const count = (key: string, form: string): void => {
    const forms = counts.get(key) ?? new Map<string, number>();
    forms.set(form, (forms.get(form) ?? 0) + 1);
    counts.set(key, forms);
  };
  for (const text of casedTexts) {
    for (const match of text.matchAll(wordPattern)) {
      const word = match[0];
      const lower = word.toLowerCase();
      count(`${contextAt(text, match.index)}\u0000${lower}`, word);
      count(`any\u0000${lower}`, word);
    }
  }
  const best = (key: string): string | undefined => {
    const forms = counts.get(key);
    if (!forms) return undefined;
    let choice: string | undefined;
    let most = 0;
    for (const [form, n] of forms) {
      if (n > most) [choice, most] = [form, n];
    }
    return choice;
  };
  return {
    recase(text) {
      // TinyStories introduce their characters: "a cat named mittens".
      const names = new Set(
        [...text.matchAll(/\bnamed\s+(\p{L}+)/gu)]
          .map((match) => (match[1] as string).toLowerCase())
          .filter((name) => best(`mid\u0000${name}`) === undefined),
      );
      return text.replace(wordPattern, (word, ...rest: unknown[]) => {
        const index = rest.find((value) => typeof value === 'number') as number;
        const lower = word.toLowerCase();
        if (names.has(lower)) return capitalize(lower);
        const context = contextAt(text, index);
        const seen = best(`${context}\u0000${lower}`);
        if (seen !== undefined) return seen;
        const anywhere = best(`mid\u0000${lower}`) ?? lower;
        return context === 'mid' || context === 'after-quote' ? anywhere : capitalize(anywhere);
      });
    },
  };
}
