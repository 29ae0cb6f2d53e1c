export { generate } from './generate.js';
export type { GenerateOptions } from './generate.js';
export { createTextModel } from './text-model.js';
export { speculativeGenerate } from './speculative-generate.js';
export type { SpeculativeGenerateOptions } from './speculative-generate.js';
export { createSpanProfiler, timePhase } from './span-profiler.js';
export type { SpanProfiler, SpanTotals } from './span-profiler.js';
