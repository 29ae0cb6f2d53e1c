import { assertArgument } from '@confu/errors';
import type { DevPrompt } from './dev-prompts.js';

/** Options of {@link createDevExclusion}. */
export interface DevExclusionOptions {
  /**
   * A story overlaps a reference when they share a run of this many words (after lower-casing
   * and collapsing whitespace). Default 13, the decontamination n-gram of GPT-3; on TinyStories
   * shorter runs hit stock phrases ("Once upon a time, there was a little girl named").
   */
  readonly ngramWords?: number;
}

/** Decides whether a training text leaks an evaluation prompt; see {@link createDevExclusion}. */
export interface DevExclusion {
  /** Why `text` must not be trained on, or `undefined` when it is clean. */
  reason(text: string): string | undefined;
}

/**
 * Builds the dev-set filter: a text is excluded when it contains a prompt's first turn or shares
 * an `ngramWords`-word run with one of its references. Matching ignores case and whitespace
 * differences.
 * @throws ConfuError `INVALID_ARGUMENT` for `ngramWords` < 1.
 */
export function createDevExclusion(
  prompts: readonly DevPrompt[],
  options: DevExclusionOptions = {},
): DevExclusion {
  const size = options.ngramWords ?? 13;
  assertArgument(Number.isInteger(size) && size >= 1, '`ngramWords` must be a positive integer');
  const turns = prompts.map((prompt) => normalize(prompt.firstTurn)).filter((turn) => turn !== '');
  const grams = new Map<string, number>();
  prompts.forEach((prompt, index) => {
    for (const reference of prompt.references) {
      for (const gram of wordGrams(normalize(reference), size)) grams.set(gram, index);
    }
  });
  return {
    reason(text) {
      const normalized = normalize(text);
      const turn = turns.find((candidate) => normalized.includes(candidate));
      if (turn !== undefined) return `contains the dev prompt ${JSON.stringify(turn)}`;
      for (const gram of wordGrams(normalized, size)) {
        const index = grams.get(gram);
        if (index !== undefined) {
          return `shares ${JSON.stringify(gram)} with the reference of dev prompt ${index}`;
        }
      }
      return undefined;
    },
  };
}

function normalize(text: string): string {
  return text.toLowerCase().split(/\s+/u).filter(Boolean).join(' ');
}

function* wordGrams(normalized: string, size: number): Generator<string> {
  const words = normalized === '' ? [] : normalized.split(' ');
  for (let start = 0; start + size <= words.length; start++) {
    yield words.slice(start, start + size).join(' ');
  }
}
