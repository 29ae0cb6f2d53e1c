import { createSampler } from '@confu/sampler';
import { describe, expect, it } from 'vitest';
import { CausalLm } from '@confu/model';
import { countingInfo, createCountingSession } from '@confu/model/testing';
import { generate } from './generate.js';
import type { GenerationChunk } from '@confu/core';

async function collect(chunks: AsyncIterable<GenerationChunk>): Promise<GenerationChunk[]> {
  const all: GenerationChunk[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

describe('generate', () => {
  it('prefills once, then decodes one token per pass with growing positions', async () => {
    const session = createCountingSession();
    const model = new CausalLm(session, countingInfo);

    const chunks = await collect(
      generate({
        model,
        promptTokens: [1, 2, 3],
        maxTokens: 4,
        sampler: createSampler({ temperature: 0 }),
      }),
    );

    expect(chunks.flatMap((chunk) => chunk.tokens)).toEqual([4, 5, 6, 7]);
    expect(chunks.at(-1)?.finishReason).toBe('length');
    expect(chunks.at(-1)?.stats).toMatchObject({
      promptTokens: 3,
      generatedTokens: 4,
      targetPasses: 4,
    });
    expect(
      session.feeds.map((feed) => Array.from(feed.position_ids?.data as BigInt64Array, Number)),
    ).toEqual([[0, 1, 2], [3], [4], [5]]);
    expect(session.feeds[3]?.past_key_1?.dims).toEqual([1, 5, 1, 2]);
  });

  it('stops before emitting a stop token', async () => {
    const model = new CausalLm(createCountingSession(), countingInfo);

    const chunks = await collect(
      generate({
        model,
        promptTokens: [6],
        maxTokens: 10,
        stopTokens: [9],
        sampler: createSampler({ temperature: 0 }),
      }),
    );

    expect(chunks.flatMap((chunk) => chunk.tokens)).toEqual([7, 8]);
    expect(chunks.at(-1)?.finishReason).toBe('stop');
  });

  it('stops at the context end', async () => {
    const model = new CausalLm(createCountingSession(), countingInfo);

    const chunks = await collect(
      generate({
        model,
        promptTokens: Array<number>(30).fill(0),
        maxTokens: 10,
        sampler: createSampler({ temperature: 0 }),
      }),
    );

    expect(chunks.flatMap((chunk) => chunk.tokens)).toHaveLength(2);
  });

  it('rejects maxTokens ≤ 0, an empty prompt and a prompt longer than the context', async () => {
    const model = new CausalLm(createCountingSession(), countingInfo);
    const sampler = createSampler({ temperature: 0 });

    await expect(
      collect(generate({ model, promptTokens: [1], maxTokens: 0, sampler })),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      collect(generate({ model, promptTokens: [], maxTokens: 1, sampler })),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      collect(generate({ model, promptTokens: Array<number>(40).fill(1), maxTokens: 1, sampler })),
    ).rejects.toMatchObject({ code: 'CONTEXT_OVERFLOW' });
  });

  it('rejects with the abort reason before the next pass', async () => {
    const session = createCountingSession();
    const model = new CausalLm(session, countingInfo);
    const controller = new AbortController();
    const seen: number[] = [];

    const run = async (): Promise<void> => {
      for await (const chunk of generate({
        model,
        promptTokens: [0],
        maxTokens: 20,
        sampler: createSampler({ temperature: 0 }),
        signal: controller.signal,
      })) {
        seen.push(...chunk.tokens);
        if (seen.length === 2) controller.abort(new Error('client left'));
      }
    };

    await expect(run()).rejects.toThrow('client left');
    expect(seen).toEqual([1, 2]);
    expect(session.feeds).toHaveLength(2);
  });
});
