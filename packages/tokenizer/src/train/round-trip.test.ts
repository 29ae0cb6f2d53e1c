import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasShared, readSharedText, skipNote } from '../__fixtures__/shared-data.js';
import { loadHfTokenizer } from '../load-hf-tokenizer.js';
import { countWords, syntheticCorpus } from './__fixtures__/synthetic-corpus.js';
import { bpeTokenizerFiles } from './bpe-tokenizer-files.js';
import { byteToCharacter } from './byte-level-alphabet.js';
import { byteLevelPattern } from './pre-tokenize.js';
import { trainBpe } from './train-bpe.js';
import type { TrainedBpe } from './train-bpe.js';

type Tokenizer = ReturnType<typeof loadHfTokenizer>;

/** What encoding does to a JS string that is not valid UTF-16: lone surrogates become U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
}

/** A plain reference BPE encoder over the trained merges (lowest rank first, leftmost on ties). */
function referenceEncode(trained: TrainedBpe, text: string): number[] {
  const ids = new Map(trained.tokens.map((token, id) => [token, id]));
  const ranks = new Map(trained.merges.map(([left, right], rank) => [`${left} ${right}`, rank]));
  const specials = new RegExp(
    `(${trained.specialTokens.map((t) => t.replace(/[|<>/]/g, '\\$&')).join('|')})`,
  );
  const result: number[] = [];
  for (const section of text.split(specials)) {
    if (trained.specialTokens.includes(section)) {
      result.push(trained.specialTokens.indexOf(section));
      continue;
    }
    for (const [piece] of section.matchAll(byteLevelPattern)) {
      const symbols = Array.from(
        new TextEncoder().encode(piece),
        (byte) => byteToCharacter[byte] as string,
      );
      for (;;) {
        let best = -1;
        let bestRank = Infinity;
        for (let i = 0; i + 1 < symbols.length; i++) {
          const rank = ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
          if (rank !== undefined && rank < bestRank) [best, bestRank] = [i, rank];
        }
        if (best < 0) break;
        symbols.splice(best, 2, `${symbols[best]}${symbols[best + 1]}`);
      }
      result.push(...symbols.map((symbol) => ids.get(symbol) as number));
    }
  }
  return result;
}

const unit = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  fc.constantFrom(' ', '  ', '\n', '\n\n', '\t', '\r\n', '\u00a0', '\u3000', '\u0000', '\ufeff'),
  fc.constantFrom("'s", "'ll", '<s>', '</s>', 'Lily', ' the', '你好', '👨‍👩‍👧‍👦', '🇫🇷', 'e\u0301'),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
);

describe('a trained tokenizer loaded by @huggingface/tokenizers', () => {
  let trained: TrainedBpe;
  let tokenizer: Tokenizer;
  beforeAll(async () => {
    trained = await trainBpe(countWords(syntheticCorpus(2000)), { vocabSize: 700 });
    const { tokenizerJson, tokenizerConfig } = bpeTokenizerFiles(trained);
    // Through JSON text, as the files are written.
    tokenizer = loadHfTokenizer(JSON.stringify(tokenizerJson), {
      config: JSON.parse(JSON.stringify(tokenizerConfig)) as object,
    });
  });

  it('has <s> as BOS (prepended) and </s> as EOS', () => {
    expect(tokenizer.vocabSize).toBe(trained.tokens.length);
    expect(tokenizer.bosTokenId).toBe(0);
    expect(tokenizer.eosTokenIds).toEqual([1]);
    expect(tokenizer.encode('Lily')[0]).toBe(0);
    expect(tokenizer.encode('Lily', { addSpecialTokens: false })[0]).not.toBe(0);
  });

  it.each([
    ['ASCII', 'Once upon a time, there was a little girl named Lily.'],
    ['emoji with ZWJ, skin tone and flags', 'family 👨‍👩‍👧‍👦 hi 👋🏽 🇫🇷🇯🇵!'],
    ['CJK', '你好世界。小狗在公园里玩。日本語のテキスト'],
    ['combining marks', 'cafe\u0301 n\u0303 Z\u0351\u0352\u0353'],
    ['NUL and controls', 'a\u0000b\u0001\u007f\u0085c'],
    ['long whitespace runs', `x${' '.repeat(300)}y\n\n\n\t\t \r\n${'\n'.repeat(50)}z   `],
    ['a leading BOM', '\ufeffstart'],
    ['special-token text', 'a<s>b</s>c'],
    ['empty', ''],
  ])('round-trips %s', (_, text) => {
    const ids = tokenizer.encode(text, { addSpecialTokens: false });
    expect(tokenizer.decode(ids)).toBe(text);
    expect(ids).toEqual(referenceEncode(trained, text));
  });

  it('turns lone surrogates into U+FFFD, as TextEncoder does', () => {
    const text = 'a\ud800b\udfff\ud83d';
    expect(tokenizer.decode(tokenizer.encode(text, { addSpecialTokens: false }))).toBe(
      'a\ufffdb\ufffd\ufffd',
    );
  });

  it('round-trips arbitrary strings and encodes as the reference encoder', () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (text) => {
        const ids = tokenizer.encode(text, { addSpecialTokens: false });
        expect(tokenizer.decode(ids)).toBe(wellFormed(text));
        expect(ids).toEqual(referenceEncode(trained, wellFormed(text)));
      }),
      { numRuns: 500 },
    );
  });
});

const sample = ['corpora', 'cs336-fixtures', 'tinystories_sample.txt'] as const;

describe.skipIf(!hasShared(...sample))(`trained on TinyStories${skipNote(...sample)}`, () => {
  it('encodes the training text exactly as the trainer segmented it', async () => {
    const text = readSharedText(...sample);
    const trained = await trainBpe(countWords(text, ['<|endoftext|>', '<s>']), { vocabSize: 400 });
    const { tokenizerJson, tokenizerConfig } = bpeTokenizerFiles(trained, {
      bosToken: '<s>',
      eosToken: '<|endoftext|>',
    });
    const tokenizer = loadHfTokenizer(tokenizerJson, { config: tokenizerConfig });
    expect(tokenizer.bosTokenId).toBe(1);
    expect(tokenizer.eosTokenIds).toEqual([0]);
    const ids = tokenizer.encode(text, { addSpecialTokens: false });
    expect(ids).toEqual(referenceEncode(trained, text));
    expect(tokenizer.decode(ids)).toBe(text);
    expect(text.length / ids.length).toBeGreaterThan(2);
  });
});
