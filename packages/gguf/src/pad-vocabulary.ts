import { GgufTokenType } from './gguf-constants.js';
import type { GgufVocabulary } from './gguf-vocabulary.js';

/**
 * `vocabulary` grown to `size` tokens with `[PAD<id>]` entries of type `unused`, as
 * convert_hf_to_gguf.py writes embedding rows the tokenizer never produces (padded or expanded
 * vocabularies), so the token count equals the model's.
 */
export function padGgufVocabulary(vocabulary: GgufVocabulary, size: number): GgufVocabulary {
  const count = vocabulary.tokens.length;
  if (count >= size) return vocabulary;
  const pads = Array.from({ length: size - count }, (_, index) => `[PAD${count + index}]`);
  const tokenTypes = new Int32Array(size).fill(GgufTokenType.unused);
  tokenTypes.set(vocabulary.tokenTypes);
  if (vocabulary.model === 'gpt2') {
    return { ...vocabulary, tokens: [...vocabulary.tokens, ...pads], tokenTypes };
  }
  const scores = new Float32Array(size);
  scores.set(vocabulary.scores);
  return { ...vocabulary, tokens: [...vocabulary.tokens, ...pads], scores, tokenTypes };
}
