export { generate } from './generate.js';
export type { GenerateOptions } from './generate.js';
export type { FinishReason, GenerationChunk, GenerationStats } from './generation-types.js';
export { createTextModel } from './text-model.js';
export type { TextChunk, TextGenerateOptions, TextModel } from './text-model.js';
export { speculativeGenerate } from './speculative-generate.js';
export type { SpeculativeGenerateOptions } from './speculative-generate.js';
export type { SpeculativeStats } from './generation-types.js';
