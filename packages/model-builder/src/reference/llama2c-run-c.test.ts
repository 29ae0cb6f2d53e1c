import { importLlama2c } from '@confu/checkpoint';
import { randomLlama2cCheckpoint, type Llama2cHeaderFields } from '@confu/checkpoint/testing';
import { describe, expect, it } from 'vitest';
import { causalMask, maxAbsDiff } from '../decoder/__fixtures__/masks.js';
import { runLlama2c } from './__fixtures__/run-llama2c.js';
import { referenceForward } from './reference-forward.js';

const tiny: Llama2cHeaderFields = [16, 24, 2, 4, 2, 20, 32];
const checkpoint = randomLlama2cCheckpoint;

describe('referenceForward of importLlama2c weights', () => {
  it.each([
    ['tied', tiny],
    ['untied (negative vocab_size)', [16, 24, 2, 4, 2, -20, 32] as Llama2cHeaderFields],
  ])('matches a direct port of llama2.c run.c (interleaved RoPE), %s', (_, fields) => {
    const bytes = checkpoint(fields);
    const weights = importLlama2c(bytes, { name: 'tiny.bin' });
    expect(weights.config.tiedEmbeddings).toBe(fields[5] > 0);
    expect(weights.lmHead === undefined).toBe(fields[5] > 0);
    const tokens = [1, 5, 19, 7, 3];
    const reference = referenceForward(weights, {
      tokens,
      positions: [0, 1, 2, 3, 4],
      mask: causalMask(0, 5),
    });
    expect(maxAbsDiff(reference.logits, runLlama2c(bytes, tokens))).toBeLessThan(1e-5);
  });
});
