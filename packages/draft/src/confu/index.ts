export { createConfuDrafter, createRandomConfuDrafter } from './create-confu-drafter.js';
export type { ConfuDrafterOptions, RandomConfuDrafterOptions } from './create-confu-drafter.js';
export { contemplateTokenEmbedding, futureTokenEmbedding } from './confu-embeddings.js';
export { confuRoundStart } from './confu-round-start.js';
