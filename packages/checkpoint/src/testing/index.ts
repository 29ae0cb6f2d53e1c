/**
 * @module @confu/checkpoint/testing
 * Seeded random weights and small checkpoints written in memory, for tests and benchmarks.
 */
export { randomDecoderWeights, randomFloats, randomTokens } from './random-decoder-weights.js';
export type { TestDecoderShape } from './random-decoder-weights.js';
export { randomLlama2cCheckpoint } from './random-llama2c-checkpoint.js';
export type { Llama2cHeaderFields } from './random-llama2c-checkpoint.js';
export { hfTensorShapes, llamaConfig, makeCheckpoint } from './test-checkpoint.js';
export type { TestCheckpoint, TestCheckpointOptions, TestConfig } from './test-checkpoint.js';
