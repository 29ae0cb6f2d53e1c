import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hasSharedData, sharedPath } from '@internal/test-utils';
import { llamaCppPreTokenizer } from './bpe-pre-tokenizer.js';
import { huggingFaceBpeVocabulary } from './hugging-face-bpe-vocabulary.js';

const tokenizer = (folder: string): unknown =>
  JSON.parse(readFileSync(sharedPath(`tokenizers/${folder}/tokenizer.json`), 'utf8'));
const haveTokenizers = hasSharedData(
  'GGUF byte-level BPE vocabularies',
  'tokenizers/gpt2/tokenizer.json',
  'tokenizers/smollm2-135m-instruct/tokenizer.json',
  'tokenizers/mistral-7b-instruct-v0.2/tokenizer.json',
);

describe('llamaCppPreTokenizer', () => {
  it('names the Llama 3 and Qwen2 split regexes as llama.cpp does', () => {
    const split = (Regex: string) => ({
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex }, behavior: 'Isolated', invert: false },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    });
    const llama3 =
      "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    expect(llamaCppPreTokenizer(split(llama3))).toBe('llama-bpe');
    expect(llamaCppPreTokenizer(split(llama3.replace('{1,3}', '')))).toBe('qwen2');
    expect(llamaCppPreTokenizer(split('\\d+'))).toBeUndefined();
  });
});

describe.skipIf(!haveTokenizers)('huggingFaceBpeVocabulary', () => {
  it('writes GPT-2 tokens, merges and pre-tokenizer', () => {
    const vocabulary = huggingFaceBpeVocabulary(tokenizer('gpt2'), {
      vocabSize: 50257,
      eosTokenId: 50256,
    });

    expect(vocabulary.pre).toBe('gpt-2');
    expect(vocabulary.tokens).toHaveLength(50257);
    expect(vocabulary.tokens[50256]).toBe('<|endoftext|>');
    expect(vocabulary.tokenTypes[50256]).toBe(3);
    expect(vocabulary.tokenTypes[0]).toBe(1);
    expect(vocabulary.merges).toHaveLength(50000);
    expect(vocabulary.merges[0]).toBe('Ġ t');
    expect(vocabulary.addBosToken).toBe(false);
  });

  it('recognises SmolLM digits splitting and pads ids without a token', () => {
    const vocabulary = huggingFaceBpeVocabulary(tokenizer('smollm2-135m-instruct'), {
      vocabSize: 49160,
      bosTokenId: 1,
      eosTokenId: 2,
    });

    expect(vocabulary.pre).toBe('smollm');
    expect(vocabulary.tokens[1]).toBe('<|im_start|>');
    expect(vocabulary.tokenTypes[1]).toBe(3);
    expect(vocabulary.tokens[49159]).toBe('[PAD49159]');
    expect(vocabulary.tokenTypes[49159]).toBe(5);
    expect(vocabulary.addBosToken).toBe(true);
  });

  it('refuses a SentencePiece-style tokenizer.json without a llama.cpp pre-tokenizer name', () => {
    expect(() =>
      huggingFaceBpeVocabulary(tokenizer('mistral-7b-instruct-v0.2'), { vocabSize: 32000 }),
    ).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });
});
