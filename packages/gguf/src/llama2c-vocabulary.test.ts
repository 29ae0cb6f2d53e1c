import { describe, expect, it } from 'vitest';
import { llama2cVocabulary } from './llama2c-vocabulary.js';

/** A llama2.c tokenizer.bin: int32 max_token_length, then per piece float32 score, int32 length, bytes. */
function tokenizerBin(pieces: [string, number][]): Uint8Array {
  const encoded = pieces.map(([text, score]) => [new TextEncoder().encode(text), score] as const);
  const bytes = new Uint8Array(4 + encoded.reduce((sum, [text]) => sum + 8 + text.length, 0));
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 16, true);
  let at = 4;
  for (const [text, score] of encoded) {
    view.setFloat32(at, score, true);
    view.setInt32(at + 4, text.length, true);
    bytes.set(text, at + 8);
    at += 8 + text.length;
  }
  return bytes;
}

describe('llama2cVocabulary', () => {
  it('restores SentencePiece pieces, scores and token types', () => {
    const bytes = tokenizerBin([
      ['<unk>', 0],
      ['\n<s>\n', 0],
      ['\n</s>\n', 0],
      ['<0x0A>', 0],
      [' the', -1.5],
      ['é t', -2],
    ]);

    const vocabulary = llama2cVocabulary(bytes);

    expect(vocabulary.tokens).toEqual(['<unk>', '<s>', '</s>', '<0x0A>', '▁the', 'é▁t']);
    expect(Array.from(vocabulary.scores)).toEqual([0, 0, 0, 0, -1.5, -2]);
    expect(Array.from(vocabulary.tokenTypes)).toEqual([2, 3, 3, 6, 1, 1]);
    expect([vocabulary.unknownTokenId, vocabulary.bosTokenId, vocabulary.eosTokenId]).toEqual([
      0, 1, 2,
    ]);
  });

  it('reads only vocabSize pieces and names the file when it is short or truncated', () => {
    const bytes = tokenizerBin([
      ['<unk>', 0],
      ['\n<s>\n', 0],
      ['\n</s>\n', 0],
      ['a', -1],
    ]);

    expect(llama2cVocabulary(bytes, { vocabSize: 3 }).tokens).toHaveLength(3);
    expect(() => llama2cVocabulary(bytes, { vocabSize: 5, name: 'tok.bin' })).toThrow(
      expect.objectContaining({
        code: 'INVALID_FILE',
        message: "tok.bin: 4 pieces, fewer than the model's 5",
      }),
    );
    expect(() => llama2cVocabulary(bytes.subarray(0, bytes.length - 1))).toThrow(
      expect.objectContaining({ code: 'INVALID_FILE' }),
    );
  });
});
