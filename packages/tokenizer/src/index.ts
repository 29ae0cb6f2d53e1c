/**
 * @module @confu/tokenizer
 * Tokenizers (llama2.c `tokenizer.bin`, Hugging Face `tokenizer.json`) behind one interface,
 * streaming detokenization and budgeted chat-template rendering. Universal: no Node built-ins.
 */
export { loadLlama2cTokenizer } from './load-llama2c-tokenizer.js';
export type { LoadLlama2cTokenizerOptions } from './load-llama2c-tokenizer.js';
export { loadHfTokenizer } from './load-hf-tokenizer.js';
export type { LoadHfTokenizerOptions } from './load-hf-tokenizer.js';
export { createWindowedStreamDecoder } from './stream-decoder.js';
export type { WindowedStreamDecoderOptions } from './stream-decoder.js';
export { renderChatTemplate } from './chat-template.js';
export type { ChatMessage, ChatTemplateBudget, ChatTemplateContext } from './chat-template.js';
export { chatTemplateFromConfig } from './chat-template-from-config.js';
export type { ChatTemplateFromConfigOptions } from './chat-template-from-config.js';
export { WordCounter } from './train/word-counter.js';
export type { WordCounts } from './train/word-counter.js';
export { createCorpusDecoder } from './train/corpus-decoder.js';
export type { CorpusDecoder } from './train/corpus-decoder.js';
export { trainBpe } from './train/train-bpe.js';
export type { TrainBpeOptions, TrainedBpe } from './train/train-bpe.js';
export { bpeCheckpointFormat, parseBpeCheckpoint } from './train/bpe-checkpoint.js';
export type { BpeCheckpoint } from './train/bpe-checkpoint.js';
export { bpeTokenizerFiles } from './train/bpe-tokenizer-files.js';
export type { BpeTokenizerFiles, BpeTokenizerFilesOptions } from './train/bpe-tokenizer-files.js';
