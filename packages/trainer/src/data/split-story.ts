/** A story cut into the prompt the target continues and the corpus continuation. */
export interface StorySplit {
  /** The leading whole sentence(s), trimmed. */
  readonly prompt: string;
  /** The rest of the story, leading whitespace removed. */
  readonly reference: string;
}

/** Options of {@link splitStory}. */
export interface SplitStoryOptions {
  /** Grow the prompt sentence by sentence until it has at least this many tokens. Default 1. */
  readonly minPromptTokens?: number;
  /** Give up (return `undefined`) when the prompt needs more tokens than this. Default ∞. */
  readonly maxPromptTokens?: number;
  /** Token count of a prompt text. Default: one per character (only bounds need it). */
  readonly countTokens?: (text: string) => number;
}

// A sentence ends at . ! or ? (plus closing quotes / brackets) followed by whitespace and a
// character that is not a lower-case letter (`"Run!" he said.` is one sentence).
const sentenceEnd = /[.!?]+["'”’)\]]*(?=\s+[^\s\p{Ll}])/gu;

/**
 * Splits `text` after its first sentence, or after as many sentences as `minPromptTokens` needs,
 * TinyStories-eval style (`turns[0]` = first sentence, `reference` = the rest). Returns
 * `undefined` when no split leaves a non-empty continuation within `maxPromptTokens`.
 */
export function splitStory(text: string, options: SplitStoryOptions = {}): StorySplit | undefined {
  const min = options.minPromptTokens ?? 1;
  const max = options.maxPromptTokens ?? Number.POSITIVE_INFINITY;
  const count = options.countTokens ?? ((prompt: string) => prompt.length);
  const trimmed = text.trim();
  for (const match of trimmed.matchAll(sentenceEnd)) {
    const end = match.index + match[0].length;
    const prompt = trimmed.slice(0, end).trim();
    const reference = trimmed.slice(end).trimStart();
    if (reference === '') return undefined;
    const tokens = count(prompt);
    if (tokens > max) return undefined;
    if (tokens >= min) return { prompt, reference };
  }
  return undefined;
}
