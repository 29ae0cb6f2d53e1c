export { randomDecoderWeights, randomFloats, randomTokens } from '../random-decoder-weights.js';
export type { TestDecoderShape } from '../random-decoder-weights.js';
