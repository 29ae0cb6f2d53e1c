import type { NgramIndex } from './ngram-index.js';

/**
 * Prompt-lookup candidates for what follows the indexed sequence, best first: for each suffix
 * length n from `maxNgram` down to `minNgram`, the earlier occurrences of the last n tokens, most
 * recent first (at most `maxMatchesPerLength` each), each giving the `length` tokens that followed
 * it. A copy that runs into the end of the sequence continues periodically (LZ77-style overlap):
 * after `… a b c a b` the match of `a b` proposes `c a b c a …`.
 */
export function* findContinuations(
  index: NgramIndex,
  length: number,
  maxMatchesPerLength: number,
): Generator<number[]> {
  const tokens = index.tokens;
  const last = tokens.length - 1;
  for (let n = Math.min(index.maxNgram, tokens.length); n >= index.minNgram; n--) {
    const positions = index.occurrences(tokens.slice(last - n + 1));
    let matches = 0;
    for (let at = positions.length - 1; at >= 0 && matches < maxMatchesPerLength; at--) {
      const end = positions[at] as number;
      if (end === last) continue;
      matches++;
      yield copyAfter(tokens, end, length);
    }
  }
}

/** `length` tokens following position `end`, continuing with period `last − end` past the end. */
function copyAfter(tokens: readonly number[], end: number, length: number): number[] {
  const last = tokens.length - 1;
  const period = last - end;
  const out: number[] = [];
  for (let offset = 1; offset <= length; offset++) {
    let position = end + offset;
    while (position > last) position -= period;
    out.push(tokens[position] as number);
  }
  return out;
}
