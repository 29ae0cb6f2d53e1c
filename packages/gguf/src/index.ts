/**
 * @module @confu/gguf
 * GGUF v3 export of confu decoders for llama.cpp: a streaming writer, ggml's q8_0 / q4_0 reference
 * quantizers, llama.cpp tensor names and metadata, SentencePiece and byte-level BPE vocabularies.
 * Universal: no Node built-ins (file output is in `@confu/gguf/node`).
 */
export {
  GGML_QUANTIZATION_VERSION,
  GGUF_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VERSION,
  GgmlType,
  GgufTokenType,
  GgufValueType,
  LlamaFileType,
} from './gguf-constants.js';
export type { GgmlTypeName } from './gguf-constants.js';
export { gguf } from './gguf-metadata.js';
export type { GgufMetadataEntry, GgufValue } from './gguf-metadata.js';
export type { GgufSink } from './gguf-sink.js';
export { writeGguf } from './write-gguf.js';
export type { GgufContent, GgufTensor } from './write-gguf.js';
export { encodeTensorData, tensorByteSize } from './encode-tensor-data.js';
export { Q8_0_BLOCK_BYTES, Q8_0_BLOCK_SIZE, quantizeQ8_0 } from './quantize-q8-0.js';
export { Q4_0_BLOCK_BYTES, Q4_0_BLOCK_SIZE, quantizeQ4_0 } from './quantize-q4-0.js';
export { dequantizeQ4_0, dequantizeQ8_0 } from './dequantize.js';
export { interleaveRopeRows } from './interleave-rope-rows.js';
export { llamaGgufTensors } from './llama-gguf-tensors.js';
export type { GgufDtype } from './llama-gguf-tensors.js';
export { llamaGgufMetadata } from './llama-gguf-metadata.js';
export { llamaGgufContent, writeLlamaGguf } from './write-llama-gguf.js';
export type { LlamaGgufOptions } from './write-llama-gguf.js';
export type { GgufVocabulary, Gpt2GgufVocabulary, LlamaGgufVocabulary } from './gguf-vocabulary.js';
export { llama2cVocabulary } from './llama2c-vocabulary.js';
export type { Llama2cVocabularyOptions } from './llama2c-vocabulary.js';
export { huggingFaceBpeVocabulary } from './hugging-face-bpe-vocabulary.js';
export type { HuggingFaceBpeVocabularyOptions } from './hugging-face-bpe-vocabulary.js';
export { llamaCppPreTokenizer, preTokenizerSignature } from './bpe-pre-tokenizer.js';
export { vocabularyMetadata } from './vocabulary-metadata.js';
export { padGgufVocabulary } from './pad-vocabulary.js';
