import { describe, expect, it } from 'vitest';
import { createNgramDrafter } from '@confu/draft';
import { CausalLm } from '@confu/model';
import { countingInfo, createCountingSession } from '@confu/model/testing';
import { createSampler, createSeededRandom } from '@confu/sampler';
import { speculativeGenerate } from './speculative-generate.js';
import type { GenerationChunk } from '@confu/core';

function options(session = createCountingSession(), signal?: AbortSignal) {
  const random = createSeededRandom(1);
  return {
    session,
    run: speculativeGenerate({
      model: new CausalLm(session, countingInfo),
      drafter: createNgramDrafter({ tree: { depth: 3, topK: 1, totalTokens: 4 } }),
      // A repeating prompt: n-gram lookup proposes the counting model's own continuation.
      promptTokens: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1],
      maxTokens: 12,
      sampler: createSampler({ temperature: 0, random }),
      random,
      ...(signal ? { signal } : {}),
    }),
  };
}

async function collect(chunks: AsyncIterable<GenerationChunk>): Promise<GenerationChunk[]> {
  const all: GenerationChunk[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

describe('speculativeGenerate', () => {
  it('commits several tokens per round when drafts are right, with the plain-decoding tokens', async () => {
    const { run } = options();

    const chunks = await collect(run);

    expect(chunks.flatMap((chunk) => chunk.tokens)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3]);
    const stats = chunks.at(-1)?.stats;
    expect(stats?.acceptanceLength).toBeGreaterThan(2);
    expect(stats?.speculative?.accepted).toBeGreaterThan(0);
    expect(stats?.targetPasses).toBeLessThan(12);
  });

  it('stops within one round of an abort, rejecting with the reason', async () => {
    const controller = new AbortController();
    const { run, session } = options(createCountingSession(), controller.signal);
    let passesAtAbort = 0;

    const consume = async (): Promise<void> => {
      for await (const chunk of run) {
        if (chunk.tokens.length > 0 && passesAtAbort === 0) {
          passesAtAbort = session.feeds.length;
          controller.abort(new Error('client went away'));
        }
      }
    };

    await expect(consume()).rejects.toThrow('client went away');
    expect(session.feeds.length - passesAtAbort).toBeLessThanOrEqual(1);
  });
});
