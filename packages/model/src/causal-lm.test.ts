import { describe, expect, it } from 'vitest';
import type { ModelSession, Tensor } from '@confu/core';
import { CausalLm } from './causal-lm.js';
import { buildCausalLayout, buildPassLayout } from './pass-layout.js';
import { countingInfo, createCountingSession } from './testing/counting-session.js';

const { hiddenSize: h, numLayers } = countingInfo;

/** The counting session, declaring an `extra_embeds` input and returning one row per fed row. */
function extraEmbedsSession(): ModelSession & { feeds: Record<string, Tensor>[] } {
  const inner = createCountingSession();
  const feeds: Record<string, Tensor>[] = [];
  return {
    ...inner,
    feeds,
    inputNames: [...inner.inputNames, 'extra_embeds'],
    run(input, options) {
      feeds.push({ ...input });
      // The counting model reads ids only: token 0 stands in for each extra row.
      const extraRows = input.extra_embeds?.dims[1] ?? 0;
      const ids = input.input_ids?.data as BigInt64Array;
      const padded = new BigInt64Array(ids.length + extraRows);
      padded.set(ids);
      return inner.run(
        { ...input, input_ids: { dtype: 'int64', dims: [1, padded.length], data: padded } },
        options,
      );
    },
  };
}

function rowsOf(mask: Tensor): number[][] {
  const [, , rows, width] = mask.dims as [number, number, number, number];
  const data = Array.from(mask.data as Float32Array, (value) => (value === 0 ? 1 : 0));
  return Array.from({ length: rows }, (_, row) => data.slice(row * width, (row + 1) * width));
}

function kvRows(count: number, fill: number): Float32Array[] {
  return Array.from({ length: numLayers }, () => new Float32Array(count * 2).fill(fill));
}

describe('CausalLm with reserved prefix rows at the front of the cache', () => {
  it('hides the reserved rows from ordinary tokens and numbers positions without them', async () => {
    const session = createCountingSession();
    const lm = new CausalLm(session, countingInfo);
    const cache = lm.createCache({ reservedRows: 2 });
    expect(cache.maxLength).toBe(countingInfo.contextLength + 2);
    cache.append(kvRows(2, 9), kvRows(2, 9));
    lm.commit(cache, await lm.forward(cache, { tokens: [1, 2, 3] }));
    await lm.forward(cache, { tokens: [4, 5, 6], parents: [-1, 0, 0] });

    const [prefill, tree] = session.feeds as [Record<string, Tensor>, Record<string, Tensor>];
    expect(Array.from(prefill.position_ids?.data as BigInt64Array, Number)).toEqual([0, 1, 2]);
    expect(rowsOf(prefill.attention_mask as Tensor)).toEqual([
      [0, 0, 1, 0, 0],
      [0, 0, 1, 1, 0],
      [0, 0, 1, 1, 1],
    ]);
    expect(Array.from(tree.position_ids?.data as BigInt64Array, Number)).toEqual([3, 4, 4]);
    expect(rowsOf(tree.attention_mask as Tensor)).toEqual([
      [0, 0, 1, 1, 1, 1, 0, 0],
      [0, 0, 1, 1, 1, 1, 1, 0],
      [0, 0, 1, 1, 1, 1, 0, 1],
    ]);
    expect(tree.past_key_0?.dims).toEqual([1, 5, 1, 2]);
    expect(session.feeds[0]).not.toHaveProperty('extra_embeds');
  });

  it('refuses a pass before the reserved rows are written, and clear() keeps them', async () => {
    const lm = new CausalLm(createCountingSession(), countingInfo);
    const cache = lm.createCache({ reservedRows: 2 });
    await expect(lm.forward(cache, { tokens: [1] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/reserves 2/),
    });
    cache.append(kvRows(3, 1), kvRows(3, 1));
    expect(cache.committed).toBe(1);
    cache.clear();
    expect(cache.length).toBe(2);
    expect(cache.reservedRows).toBe(2);
    expect(lm.createCache().reservedRows).toBe(0);
    expect(() => lm.createCache({ reservedRows: -1 })).toThrow(/non-negative integer/);
  });

  it('counts the context without the reserved rows', async () => {
    const lm = new CausalLm(createCountingSession(), countingInfo);
    const cache = lm.createCache({ reservedRows: 4 });
    cache.append(kvRows(4, 0), kvRows(4, 0));
    const tokens = Array.from({ length: countingInfo.contextLength }, (_, i) => i % 10);
    await expect(lm.forward(cache, { tokens })).resolves.toBeDefined();
    await expect(lm.forward(cache, { tokens: [...tokens, 1] })).rejects.toMatchObject({
      code: 'CONTEXT_OVERFLOW',
    });
  });
});

describe('CausalLm.forwardRows', () => {
  it('feeds tokens, extra rows, explicit positions and the visibility as the mask', async () => {
    const session = extraEmbedsSession();
    const lm = new CausalLm(session, countingInfo);
    expect(lm.info.extraEmbeds).toBe(true);
    const cache = lm.createCache({ reservedRows: 1 });
    cache.append(kvRows(3, 0), kvRows(3, 0));
    const layout = buildPassLayout({
      committed: 2,
      reservedRows: 1,
      parents: [-1, 0],
      plan: { attachTo: [0, 1], seePrefix: true },
    });
    const extraEmbeds = Float32Array.from({ length: 2 * h }, (_, i) => i);

    const result = await lm.forwardRows(cache, { tokens: [7, 8], extraEmbeds, ...layout });

    const feeds = session.feeds[0] as Record<string, Tensor>;
    expect(feeds.extra_embeds).toEqual({ dtype: 'float32', dims: [1, 2, h], data: extraEmbeds });
    expect(Array.from(feeds.input_ids?.data as BigInt64Array, Number)).toEqual([7, 8]);
    expect(Array.from(feeds.position_ids?.data as BigInt64Array, Number)).toEqual([2, 3, 3, 4]);
    expect(rowsOf(feeds.attention_mask as Tensor).flat()).toEqual(Array.from(layout.visibility));
    expect(result.logits.length).toBe(4 * countingInfo.vocabSize);
  });

  it('feeds an empty [1, 0, h] block on plain passes when the graph has extra_embeds', async () => {
    const session = extraEmbedsSession();
    const lm = new CausalLm(session, countingInfo);
    await lm.forward(lm.createCache(), { tokens: [1, 2] });
    expect(session.feeds[0]?.extra_embeds?.dims).toEqual([1, 0, h]);
  });

  it('runs extra rows alone (S = 0) at positions 0 … s−1, causal, over an empty cache', async () => {
    const session = extraEmbedsSession();
    const lm = new CausalLm(session, countingInfo);
    const result = await lm.forwardRows(lm.createCache(), {
      tokens: [],
      extraEmbeds: new Float32Array(3 * h),
      ...buildCausalLayout(3),
    });
    const feeds = session.feeds[0] as Record<string, Tensor>;
    expect(feeds.input_ids?.dims).toEqual([1, 0]);
    expect(Array.from(feeds.position_ids?.data as BigInt64Array, Number)).toEqual([0, 1, 2]);
    expect(rowsOf(feeds.attention_mask as Tensor)).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [1, 1, 1],
    ]);
    expect(result.newKeys[0]?.length).toBe(3 * 2);
  });

  it.each([
    [
      { tokens: [], positions: [], visibility: new Uint8Array(0) },
      'INVALID_ARGUMENT',
      /at least one row/,
    ],
    [
      { tokens: [1], positions: [0, 1], visibility: new Uint8Array(2) },
      'INVALID_ARGUMENT',
      /2 positions/,
    ],
    [
      { tokens: [1], positions: [32], visibility: Uint8Array.of(1) },
      'CONTEXT_OVERFLOW',
      /position 32/,
    ],
    [
      { tokens: [1], positions: [0], visibility: Uint8Array.of(1, 1) },
      'INVALID_ARGUMENT',
      /expected 1·1/,
    ],
    [
      { tokens: [1, 2], positions: [0, 1], visibility: Uint8Array.of(1, 0, 0, 0) },
      'INVALID_ARGUMENT',
      /row 1 sees no key/,
    ],
    [
      { tokens: [10], positions: [0], visibility: Uint8Array.of(1) },
      'INVALID_ARGUMENT',
      /token id 10/,
    ],
    [
      {
        tokens: [1],
        extraEmbeds: new Float32Array(3),
        positions: [0],
        visibility: Uint8Array.of(1),
      },
      'INVALID_ARGUMENT',
      /not a multiple/,
    ],
  ])('rejects %j', async (input, code, message) => {
    const lm = new CausalLm(extraEmbedsSession(), countingInfo);
    await expect(lm.forwardRows(lm.createCache(), input)).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
  });

  it('needs a graph with extra_embeds for extra rows, and checks info against the session', async () => {
    const lm = new CausalLm(createCountingSession(), countingInfo);
    expect(lm.info.extraEmbeds).toBe(false);
    await expect(
      lm.forwardRows(lm.createCache(), {
        tokens: [],
        extraEmbeds: new Float32Array(h),
        positions: [0],
        visibility: Uint8Array.of(1),
      }),
    ).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(
      () => new CausalLm(createCountingSession(), { ...countingInfo, extraEmbeds: true }),
    ).toThrow(/lacks an `extra_embeds` input/);
  });
});
