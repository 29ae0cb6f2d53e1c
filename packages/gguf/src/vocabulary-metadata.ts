import type { GgufMetadataEntry } from './gguf-metadata.js';
import { gguf } from './gguf-metadata.js';
import type { GgufVocabulary } from './gguf-vocabulary.js';

/** The `tokenizer.ggml.*` keys of a vocabulary (gguf-py `Keys.Tokenizer`). */
export function vocabularyMetadata(vocabulary: GgufVocabulary): GgufMetadataEntry[] {
  if (vocabulary.model === 'llama') {
    return [
      gguf.string('tokenizer.ggml.model', 'llama'),
      gguf.string('tokenizer.ggml.pre', 'default'),
      gguf.strings('tokenizer.ggml.tokens', vocabulary.tokens),
      gguf.float32s('tokenizer.ggml.scores', vocabulary.scores),
      gguf.int32s('tokenizer.ggml.token_type', vocabulary.tokenTypes),
      gguf.uint32('tokenizer.ggml.bos_token_id', vocabulary.bosTokenId),
      gguf.uint32('tokenizer.ggml.eos_token_id', vocabulary.eosTokenId),
      gguf.uint32('tokenizer.ggml.unknown_token_id', vocabulary.unknownTokenId),
      gguf.bool('tokenizer.ggml.add_bos_token', true),
      gguf.bool('tokenizer.ggml.add_eos_token', false),
    ];
  }
  const { bosTokenId, eosTokenId } = vocabulary;
  return [
    gguf.string('tokenizer.ggml.model', 'gpt2'),
    gguf.string('tokenizer.ggml.pre', vocabulary.pre),
    gguf.strings('tokenizer.ggml.tokens', vocabulary.tokens),
    gguf.int32s('tokenizer.ggml.token_type', vocabulary.tokenTypes),
    gguf.strings('tokenizer.ggml.merges', vocabulary.merges),
    ...(bosTokenId === undefined ? [] : [gguf.uint32('tokenizer.ggml.bos_token_id', bosTokenId)]),
    ...(eosTokenId === undefined ? [] : [gguf.uint32('tokenizer.ggml.eos_token_id', eosTokenId)]),
    gguf.bool('tokenizer.ggml.add_bos_token', vocabulary.addBosToken),
  ];
}
