/**
 * @module @confu/tokenizer
 * Tokenizers (llama2.c `tokenizer.bin`, Hugging Face `tokenizer.json`) behind one interface,
 * streaming detokenization and budgeted chat-template rendering. Universal: no Node built-ins.
 */
export type { DecodeOptions, EncodeOptions, StreamDecoderOptions, Tokenizer } from './tokenizer.js';
export { loadLlama2cTokenizer } from './load-llama2c-tokenizer.js';
export type { LoadLlama2cTokenizerOptions } from './load-llama2c-tokenizer.js';
export { loadHfTokenizer } from './load-hf-tokenizer.js';
export type { LoadHfTokenizerOptions } from './load-hf-tokenizer.js';
export { createWindowedStreamDecoder } from './stream-decoder.js';
export type { StreamDecoder, WindowedStreamDecoderOptions } from './stream-decoder.js';
export { renderChatTemplate } from './chat-template.js';
export type { ChatMessage, ChatTemplateBudget, ChatTemplateContext } from './chat-template.js';
export { chatTemplateFromConfig } from './chat-template-from-config.js';
export type { ChatTemplateFromConfigOptions } from './chat-template-from-config.js';
