import { createSeededRandom } from '@confu/sampler';
import { describe, expect, it } from 'vitest';
import {
  hasShared,
  readSharedBytes,
  readSharedJson,
  readSharedText,
  skipNote,
} from './__fixtures__/shared-data.js';
import { loadHfTokenizer } from './load-hf-tokenizer.js';
import { loadLlama2cTokenizer } from './load-llama2c-tokenizer.js';
import { createWindowedStreamDecoder } from './stream-decoder.js';
import type { StreamDecoder, Tokenizer } from '@confu/core';

const replacement = '\uFFFD';

/** Pushes every id and flushes; returns the chunks (flush last). */
function stream(decoder: StreamDecoder, ids: readonly number[]): string[] {
  return [...ids.map((id) => decoder.push(id)), decoder.flush()];
}

/** The streaming property: chunks add up to the whole decode and never invent U+FFFD. */
function expectStreamsLikeDecode(
  tokenizer: Tokenizer,
  ids: readonly number[],
  label: string,
): void {
  for (const skipSpecialTokens of [false, true]) {
    const chunks = stream(tokenizer.createStreamDecoder({ skipSpecialTokens }), ids);
    const whole = tokenizer.decode(ids, { skipSpecialTokens });
    expect(chunks.join(''), `${label} skip=${skipSpecialTokens}`).toBe(whole);
    if (!whole.includes(replacement)) {
      expect(
        chunks.filter((chunk) => chunk.includes(replacement)),
        label,
      ).toEqual([]);
    }
  }
}

/** Streaming the tail of an encoding after its head as `prefixIds` continues the head's text. */
function expectContinuesPrefix(tokenizer: Tokenizer, text: string): void {
  const ids = tokenizer.encode(text);
  const whole = tokenizer.decode(ids);
  let checked = 0;
  for (let split = 1; split < ids.length; split++) {
    const head = tokenizer.decode(ids.slice(0, split));
    // A prompt never ends inside a character: skip splits between its byte tokens.
    if (head.includes(replacement) || !whole.startsWith(head)) continue;
    const decoder = tokenizer.createStreamDecoder({
      prefixIds: ids.slice(0, split),
      skipSpecialTokens: false,
    });
    expect(head + stream(decoder, ids.slice(split)).join(''), `${text} @${split}`).toBe(whole);
    checked++;
  }
  expect(checked).toBeGreaterThan(ids.length / 2);
}

/** A reproducible pseudo-random source of uniform floats in [0, 1). */
function seeded(seed: number): () => number {
  const random = createSeededRandom(seed);
  return () => random.next();
}

const unicodeTexts = [
  'naïve café 🙂',
  '👨‍👩‍👧‍👦 family: 👍🏽 ok',
  '日本語のテキストと한국어 텍스트',
  'Ελληνικά, русский, עברית, العربية',
  'e\u0301 combining, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and \u{10FFFD}',
  "I do n't know , he said . Is it ? Yes ! It 's ok ' quoted ' and we 're done",
  '  leading spaces\n\ttabs\n\nand trailing  ',
];

describe('createWindowedStreamDecoder', () => {
  // A toy decode: each id is one UTF-8 byte, so characters arrive split over ids.
  const decodeBytes = (ids: readonly number[]): string =>
    new TextDecoder().decode(Uint8Array.from(ids));

  it('holds back a character until its last byte arrives', () => {
    const decoder = createWindowedStreamDecoder(decodeBytes);
    const bytes = [...new TextEncoder().encode('a🙂b')];
    expect(bytes.map((byte) => decoder.push(byte))).toEqual(['a', '', '', '', '🙂', 'b']);
    expect(decoder.flush()).toBe('');
  });

  it('flushes an incomplete character as U+FFFD and starts afresh', () => {
    const decoder = createWindowedStreamDecoder(decodeBytes);
    expect(decoder.push(0xf0)).toBe('');
    expect(decoder.flush()).toBe(replacement);
    expect(decoder.push(0x41)).toBe('A');
  });

  it('holds back what unstableSuffixLength reports', () => {
    const decoder = createWindowedStreamDecoder(decodeBytes, {
      unstableSuffixLength: (text) => (text.endsWith(' ') ? 1 : 0),
    });
    expect([...'a b'].map((character) => decoder.push(character.charCodeAt(0)))).toEqual([
      'a',
      '',
      ' b',
    ]);
  });

  it('does work proportional to the window, not to the stream', () => {
    let decodedIds = 0;
    const decoder = createWindowedStreamDecoder((ids) => {
      decodedIds += ids.length;
      return decodeBytes(ids);
    });
    const bytes = new TextEncoder().encode('stream 🙂 '.repeat(2000));
    const text = Array.from(bytes, (byte) => decoder.push(byte)).join('') + decoder.flush();
    expect(text).toBe('stream 🙂 '.repeat(2000));
    // An O(n) window would decode about n²/2 = 2·10⁸ ids here.
    expect(decodedIds).toBeLessThan(20 * bytes.length);
  });
});

const stories = ['models', 'stories260K'];

describe.skipIf(!hasShared(...stories))(`streaming tok512.bin${skipNote(...stories)}`, () => {
  const tokenizer = hasShared(...stories)
    ? loadLlama2cTokenizer(readSharedBytes(...stories, 'tok512.bin'))
    : undefined;
  const greedy = hasShared(...stories)
    ? readSharedJson<{ cases: { prompt: string; output_tokens: number[] }[] }>(
        ...stories,
        'golden_greedy.json',
      ).cases
    : [];

  it.each(greedy.map((c) => [JSON.stringify(c.prompt), c.output_tokens] as const))(
    'streams the greedy output for prompt %s',
    (label, ids) => {
      if (tokenizer) expectStreamsLikeDecode(tokenizer, ids, label);
    },
  );

  it('streams Unicode-heavy encodings (byte-fallback characters) and random ids', () => {
    if (!tokenizer) return;
    for (const text of unicodeTexts)
      expectStreamsLikeDecode(tokenizer, tokenizer.encode(text), text);
    const random = seeded(7);
    for (let round = 0; round < 200; round++) {
      const ids = Array.from({ length: 1 + Math.floor(random() * 40) }, () =>
        Math.floor(random() * 512),
      );
      expectStreamsLikeDecode(tokenizer, ids, `random ${round}`);
    }
  });

  it('strips the space of the first piece after a BOS given as prefix', () => {
    if (!tokenizer) return;
    expectContinuesPrefix(tokenizer, 'Once upon a time, naïve 🙂 friends said hello.');
    const [, ...ids] = tokenizer.encode('Once upon a time');
    const decoder = tokenizer.createStreamDecoder({ prefixIds: [1] });
    expect(stream(decoder, ids).join('')).toBe('Once upon a time');
    const continued = tokenizer.createStreamDecoder({ prefixIds: tokenizer.encode('Once upon') });
    expect(
      stream(continued, tokenizer.encode(' a time', { addSpecialTokens: false }).slice(1)).join(''),
    ).toBe(tokenizer.decode(tokenizer.encode(' a time', { addSpecialTokens: false }).slice(1)));
  });

  it('emits an emoji made of byte-fallback tokens once, whole', () => {
    if (!tokenizer) return;
    const ids = tokenizer.encode('🙂', { addSpecialTokens: false });
    const chunks = stream(tokenizer.createStreamDecoder(), ids);
    expect(chunks.filter((chunk) => chunk.length > 0)).toEqual([' ', '🙂']);
  });
});

const hfTokenizers = [
  { folder: 'llama-2', config: 'llama-2' },
  { folder: 'gpt2', config: 'gpt2' },
  { folder: 'phi-3-mini-4k-instruct', config: 'phi-3-mini-4k-instruct' },
  { folder: 'smollm2-135m-instruct', config: undefined },
];

describe.each(hfTokenizers)('streaming $folder', ({ folder, config }) => {
  const available =
    hasShared('tokenizers', folder, 'tokenizer.json') &&
    hasShared('tokenizers', 'gpt2', 'reference');
  describe.skipIf(!available)(`tokenizer.json${skipNote('tokenizers', folder)}`, () => {
    const load = (): Tokenizer =>
      loadHfTokenizer(readSharedText('tokenizers', folder, 'tokenizer.json'), {
        ...(config
          ? { config: readSharedJson<object>('tokenizers', config, 'tokenizer_config.json') }
          : {}),
      });

    it('streams the multilingual and Unicode-heavy texts exactly like decode', () => {
      const tokenizer = load();
      const inputs = readSharedJson<{ text: string }[]>(
        'tokenizers',
        'gpt2',
        'reference',
        'inputs.json',
      );
      for (const text of [...unicodeTexts, ...inputs.map((input) => input.text)]) {
        expectStreamsLikeDecode(tokenizer, tokenizer.encode(text), text);
      }
    });

    it('continues after prefixIds with the right leading space', () => {
      const tokenizer = load();
      expectContinuesPrefix(tokenizer, 'Once upon a time, naïve 🙂 friends said hello.');
    });

    it('streams random id sequences exactly like decode', () => {
      const tokenizer = load();
      const random = seeded(11);
      for (let round = 0; round < 100; round++) {
        const ids = Array.from({ length: 1 + Math.floor(random() * 30) }, () =>
          Math.floor(random() * tokenizer.vocabSize),
        );
        expectStreamsLikeDecode(tokenizer, ids, `random ${round}`);
      }
    });
  });
});
