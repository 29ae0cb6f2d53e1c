import { describe, expect, it } from 'vitest';
import { caught } from '@internal/test-utils';
import {
  hasShared,
  readSharedBytes,
  readSharedJson,
  skipNote,
} from './__fixtures__/shared-data.js';
import { loadLlama2cTokenizer } from './load-llama2c-tokenizer.js';

interface GoldenTokenizer {
  cases: { text: string; ids: number[]; decoded: string }[];
}

const folder = ['models', 'stories260K'];

/** A tokenizer.bin built in memory: ids 0..258 as llama2.c lays them out, then `merges`. */
function buildTokenizerBin(merges: [string, number][], maxTokenLength = 16): Uint8Array {
  const entries: [number, Uint8Array][] = [
    [0, new TextEncoder().encode('<unk>')],
    [0, new TextEncoder().encode('\n<s>\n')],
    [0, new TextEncoder().encode('\n</s>\n')],
  ];
  for (let byte = 0; byte < 256; byte++) {
    const hex = byte.toString(16).toUpperCase().padStart(2, '0');
    entries.push([0, new TextEncoder().encode(`<0x${hex}>`)]);
  }
  for (const [piece, score] of merges) entries.push([score, new TextEncoder().encode(piece)]);
  const size = 4 + entries.reduce((sum, [, bytes]) => sum + 8 + bytes.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setInt32(0, maxTokenLength, true);
  let offset = 4;
  for (const [score, bytes] of entries) {
    view.setFloat32(offset, score, true);
    view.setInt32(offset + 4, bytes.length, true);
    out.set(bytes, offset + 8);
    offset += 8 + bytes.length;
  }
  return out;
}

/** run.c's merge loop, transcribed literally (full rescan per merge): the test oracle. */
function runCMerge(pieces: string[], scores: number[], ids: number[]): number[] {
  const lookup = new Map<string, number>();
  pieces.forEach((piece, id) => lookup.set(piece, lookup.get(piece) ?? id));
  const tokens = [...ids];
  for (;;) {
    let bestScore = -1e10;
    let bestId = -1;
    let bestIndex = -1;
    for (let index = 0; index < tokens.length - 1; index++) {
      const id = lookup.get(
        (pieces[tokens[index] ?? 0] ?? '') + (pieces[tokens[index + 1] ?? 0] ?? ''),
      );
      if (id !== undefined && (scores[id] ?? 0) > bestScore) {
        bestScore = scores[id] ?? 0;
        bestId = id;
        bestIndex = index;
      }
    }
    if (bestIndex === -1) return tokens;
    tokens.splice(bestIndex, 2, bestId);
  }
}

/** Pieces and scores of a tokenizer.bin, pieces as UTF-8 strings. */
function readPieces(bytes: Uint8Array): { pieces: string[]; scores: number[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pieces: string[] = [];
  const scores: number[] = [];
  for (let offset = 4; offset < bytes.length;) {
    const length = view.getInt32(offset + 4, true);
    scores.push(view.getFloat32(offset, true));
    pieces.push(new TextDecoder().decode(bytes.subarray(offset + 8, offset + 8 + length)));
    offset += 8 + length;
  }
  return { pieces, scores };
}

describe('loadLlama2cTokenizer with an in-memory vocabulary', () => {
  const merges: [string, number][] = [
    [' ', -1],
    ['a', -2],
    ['b', -3],
    ['ab', -10],
    ['ba', -10],
    [' a', -20],
  ];
  const tokenizer = loadLlama2cTokenizer(buildTokenizerBin(merges));
  const id = (piece: string): number => 259 + merges.findIndex(([text]) => text === piece);

  it('merges the best-scoring pair, the leftmost on ties', () => {
    // "aba": ab and ba both score -10; the left one (ab) wins, then nothing merges with "a".
    expect(tokenizer.encode('aba')).toEqual([1, id(' '), id('ab'), id('a')]);
  });

  it('prefers a higher score over position', () => {
    // " a" (-20) loses to "ab" (-10) even though it is further left.
    expect(tokenizer.encode('ab', { addSpecialTokens: false })).toEqual([id(' '), id('ab')]);
  });

  it('falls back to byte ids (byte + 3) for characters that are no piece', () => {
    expect(tokenizer.encode('é', { addSpecialTokens: false })).toEqual([
      id(' '),
      0xc3 + 3,
      0xa9 + 3,
    ]);
    expect(tokenizer.decode([1, id(' '), 0xc3 + 3, 0xa9 + 3])).toBe('é');
  });

  it('adds neither BOS nor the dummy prefix to empty text without special tokens', () => {
    expect(tokenizer.encode('', { addSpecialTokens: false })).toEqual([]);
    expect(tokenizer.encode('')).toEqual([1]);
  });

  it('renders <unk> unless special tokens are skipped, and BOS/EOS never', () => {
    expect(tokenizer.decode([0, 1, 2, id('a')])).toBe('<unk>a');
    expect(tokenizer.decode([0, 1, 2, id('a')], { skipSpecialTokens: true })).toBe('a');
  });

  it('rejects ids outside the vocabulary', () => {
    expect(caught(() => tokenizer.decode([tokenizer.vocabSize])).code).toBe('INVALID_ARGUMENT');
    expect(caught(() => tokenizer.decode([1.5])).code).toBe('INVALID_ARGUMENT');
  });
});

describe('loadLlama2cTokenizer file validation', () => {
  const valid = buildTokenizerBin([[' ', -1]]);
  const invalid = (bytes: Uint8Array, vocabSize?: number) =>
    caught(() =>
      loadLlama2cTokenizer(bytes, { name: 'tok-test.bin', ...(vocabSize ? { vocabSize } : {}) }),
    );

  it('accepts the valid file and reports its size', () => {
    expect(loadLlama2cTokenizer(valid).vocabSize).toBe(260);
  });

  it('rejects truncated files, naming the file', () => {
    for (const length of [0, 3, 4 + 4, valid.length - 1]) {
      const error = invalid(valid.subarray(0, length));
      expect(error.code).toBe('INVALID_FILE');
      expect(error.message).toContain('tok-test.bin');
    }
  });

  it('rejects negative and huge piece lengths', () => {
    for (const length of [-1, 1 << 30]) {
      const bytes = valid.slice();
      new DataView(bytes.buffer).setInt32(4 + 4, length, true);
      expect(invalid(bytes)).toMatchObject({ code: 'INVALID_FILE' });
      expect(invalid(bytes).message).toMatch(/piece 0 has length/);
    }
  });

  it('rejects a bad max_token_length', () => {
    const bytes = valid.slice();
    new DataView(bytes.buffer).setInt32(0, -5, true);
    expect(invalid(bytes).message).toMatch(/max_token_length -5/);
  });

  it('rejects a vocabSize that does not match the file', () => {
    expect(invalid(valid, 259).message).toMatch(/bytes left after 259 pieces/);
    expect(invalid(valid, 300).message).toMatch(/vocabSize is 300/);
    expect(caught(() => loadLlama2cTokenizer(valid, { vocabSize: -1 })).code).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('rejects vocabularies without the 256 byte-fallback pieces', () => {
    expect(invalid(valid.subarray(0, 4 + 3 * 8 + 5 + 5 + 6)).message).toMatch(/at least 259/);
  });
});

describe.skipIf(!hasShared(...folder))(`tok512.bin (stories260K)${skipNote(...folder)}`, () => {
  const bytes = hasShared(...folder) ? readSharedBytes(...folder, 'tok512.bin') : new Uint8Array();
  const golden = hasShared(...folder)
    ? readSharedJson<GoldenTokenizer>(...folder, 'golden_tokenizer.json')
    : { cases: [] };
  const tokenizer = loadLlama2cTokenizer(bytes.length > 0 ? bytes : buildTokenizerBin([]), {
    name: 'tok512.bin',
  });

  it('has the llama2.c special ids', () => {
    expect(tokenizer.vocabSize).toBe(512);
    expect(tokenizer.bosTokenId).toBe(1);
    expect(tokenizer.eosTokenIds).toEqual([1]);
    expect([...tokenizer.specialTokenIds].sort()).toEqual([0, 1, 2]);
    expect(tokenizer.idToPiece?.(13)).toBe('<0x0A>');
  });

  it.each(golden.cases.map((c) => [JSON.stringify(c.text), c] as const))(
    'encodes and decodes %s like run.c',
    (_, golden) => {
      expect(tokenizer.encode(golden.text)).toEqual(golden.ids);
      expect(tokenizer.decode(golden.ids)).toBe(golden.decoded);
    },
  );

  it('accepts the matching vocabSize and rejects another', () => {
    expect(loadLlama2cTokenizer(bytes, { vocabSize: 512 }).vocabSize).toBe(512);
    expect(caught(() => loadLlama2cTokenizer(bytes, { vocabSize: 32000 })).code).toBe(
      'INVALID_FILE',
    );
  });

  it('merges exactly like run.c on random texts', () => {
    const { pieces, scores } = readPieces(bytes);
    const alphabet = [...' etaoinshrdlucmwfgypb.,!"\nLBTé🙂'];
    let state = 12345;
    const random = (): number => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      const text = Array.from(
        { length: Math.floor(random() * 60) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      const ids = tokenizer.encode(text);
      // Unmerged ids: BOS, dummy prefix, then one id per character (bytes when no piece).
      const unmerged = [1, ...(text ? [pieces.indexOf(' ')] : [])];
      for (const character of text) {
        const id = pieces.indexOf(character);
        if (id >= 0) unmerged.push(id);
        else for (const byte of new TextEncoder().encode(character)) unmerged.push(byte + 3);
      }
      expect(ids, JSON.stringify(text)).toEqual(runCMerge(pieces, scores, unmerged));
    }
  });

  it('encodes a 100 KB text and round-trips it', () => {
    const paragraph = 'Once upon a time, Lily and Ben went to the park. They played! naïve 🙂\n';
    const text = paragraph.repeat(Math.ceil(100_000 / paragraph.length));
    const ids = tokenizer.encode(text);
    expect(ids[0]).toBe(1);
    expect(ids.length).toBeLessThan(text.length);
    expect(tokenizer.decode(ids)).toBe(text);
  });
});
