export { randomDecoderWeights, randomTokens } from '../random-decoder-weights.js';
export type { TestDecoderShape } from '../random-decoder-weights.js';
export { seededRandom } from '../../draft-head/seeded-random.js';
