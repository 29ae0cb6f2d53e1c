import { describe, expect, it } from 'vitest';
import { randomInt, seededUniform } from '../tree/__fixtures__/seeded-uniform.js';
import { findContinuations } from './find-continuations.js';
import { NgramIndex } from './ngram-index.js';

/** End positions of `ngram` in `tokens`, by scanning. */
function scan(tokens: readonly number[], ngram: readonly number[]): number[] {
  const ends: number[] = [];
  for (let end = ngram.length - 1; end < tokens.length; end++) {
    if (ngram.every((token, offset) => tokens[end - ngram.length + 1 + offset] === token))
      ends.push(end);
  }
  return ends;
}

/** Ranked prompt-lookup continuations, by scanning (the semantics `findContinuations` documents). */
function scanContinuations(
  tokens: readonly number[],
  minNgram: number,
  maxNgram: number,
  length: number,
) {
  const last = tokens.length - 1;
  const out: number[][] = [];
  for (let n = Math.min(maxNgram, tokens.length); n >= minNgram; n--) {
    const ends = scan(tokens, tokens.slice(last - n + 1)).filter((end) => end !== last);
    for (const end of ends.reverse()) {
      const extended = [...tokens];
      while (extended.length <= end + length)
        extended.push(extended[extended.length - (last - end)] as number);
      out.push(extended.slice(end + 1, end + 1 + length));
    }
  }
  return out;
}

describe('NgramIndex', () => {
  it('matches a brute-force scan on random sequences appended in random chunks', () => {
    const random = seededUniform(11);
    for (let trial = 0; trial < 15; trial++) {
      const minNgram = 1 + randomInt(random, 2);
      const maxNgram = minNgram + randomInt(random, 3);
      const vocab = 2 + randomInt(random, 5);
      const index = new NgramIndex({ minNgram, maxNgram });
      const tokens: number[] = [];
      while (tokens.length < 90) {
        const chunk = Array.from({ length: 1 + randomInt(random, 8) }, () =>
          randomInt(random, vocab),
        );
        tokens.push(...chunk);

        index.append(chunk);

        expect(index.tokens).toEqual(tokens);
        for (let n = minNgram; n <= maxNgram; n++) {
          for (let end = n - 1; end < tokens.length; end++) {
            const ngram = tokens.slice(end - n + 1, end + 1);
            expect(index.occurrences(ngram)).toEqual(scan(tokens, ngram));
          }
        }
        const length = 1 + randomInt(random, 9);
        expect([...findContinuations(index, length, Number.POSITIVE_INFINITY)]).toEqual(
          scanContinuations(tokens, minNgram, maxNgram, length),
        );
      }
    }
  });

  it('knows nothing of lengths it does not index, and forgets on clear', () => {
    const index = new NgramIndex({ minNgram: 2, maxNgram: 3 });
    index.append([1, 2, 1, 2]);
    expect(index.occurrences([1, 2])).toEqual([1, 3]);
    expect(index.occurrences([1])).toEqual([]);
    expect(index.occurrences([1, 2, 1, 2])).toEqual([]);

    index.clear();

    expect(index.tokens).toEqual([]);
    expect(index.occurrences([1, 2])).toEqual([]);
  });
});
