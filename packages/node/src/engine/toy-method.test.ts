import type {
  DraftSession,
  DraftTree,
  Drafter,
  KvRows,
  TargetFeatures,
  TargetModel,
  TargetPass,
  TargetPassPlan,
} from '@confu/core';
import { buildCausalLayout, buildPassLayout, chainParents } from '@confu/model';
import { createSampler, createSeededRandom } from '@confu/sampler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CausalLm } from '@confu/model';
import { createTinyLm } from '../__fixtures__/tiny-lm.js';
import { generate } from '@confu/engine';
import { speculativeGenerate } from '@confu/engine';

// A drafting method that needs target-side rows — a two-row prefix and one extra row per pass row,
// whose taps it reads back — written entirely here: model, engine and verifier stay untouched.

const vocab = 12;
const prefixRows = 2;
const prompt = [1, 5, 7, 2, 9, 4];

function embedding(seed: number, h: number): Float32Array {
  return Float32Array.from({ length: h }, (_, i) => Math.sin(seed * 7.1 + i * 1.3));
}

interface ToyLog {
  readonly plans: TargetPass[];
  readonly features: TargetFeatures[];
}

function createToyDrafter(log: ToyLog): Drafter {
  const prefixes = new WeakMap<TargetModel, Promise<KvRows>>();
  return {
    kind: 'toy',
    requirements: { taps: true },
    targetPrefix(target) {
      let rows = prefixes.get(target);
      if (!rows) {
        const h = target.info.hiddenSize;
        const embeds = new Float32Array(prefixRows * h);
        for (let row = 0; row < prefixRows; row++) embeds.set(embedding(100 + row, h), row * h);
        rows = target
          .forwardRows(target.createCache(), {
            tokens: [],
            extraEmbeds: embeds,
            ...buildCausalLayout(prefixRows),
          })
          .then((run) => ({ length: prefixRows, keys: run.newKeys, values: run.newValues }));
        prefixes.set(target, rows);
      }
      return rows;
    },
    createSession(): DraftSession {
      let tokens: readonly number[] = [];
      return {
        async observe(committed, features) {
          tokens = committed;
          log.features.push(features);
        },
        async draft(): Promise<DraftTree> {
          // A chain guessing "previous + 1": sometimes right, often wrong.
          const root = tokens.at(-1) as number;
          const chain = [root, (root + 1) % vocab, (root + 2) % vocab, (root + 3) % vocab];
          return { tokens: chain, parents: chainParents(chain.length) };
        },
        planPass(pass): TargetPassPlan {
          log.plans.push(pass);
          const rows = pass.tree.tokens.length;
          const h = 16;
          const embeds = new Float32Array(rows * h);
          for (let row = 0; row < rows; row++) embeds.set(embedding(row, h), row * h);
          return {
            embeds,
            attachTo: Array.from({ length: rows }, (_, row) => row),
            seePrefix: true,
            taps: true,
          };
        },
        dispose() {},
      };
    },
    dispose: async () => {},
  };
}

describe('a toy drafting method with a prefix and extra rows, outside model/engine/verifier', () => {
  let lm: CausalLm;
  beforeAll(async () => {
    lm = await createTinyLm(3, vocab, 2);
  });
  afterAll(() => lm.dispose());

  it('keeps greedy output identical to plain decoding and gets its rows back', async () => {
    const plainRandom = createSeededRandom(1);
    const plain: number[] = [];
    for await (const chunk of generate({
      model: lm,
      promptTokens: prompt,
      maxTokens: 20,
      sampler: createSampler({ temperature: 0, random: plainRandom }),
    })) {
      plain.push(...chunk.tokens);
    }

    const log: ToyLog = { plans: [], features: [] };
    const random = createSeededRandom(1);
    const speculative: number[] = [];
    let cacheRows: { reserved: number; committed: number } | undefined;
    for await (const chunk of speculativeGenerate({
      model: lm,
      drafter: createToyDrafter(log),
      promptTokens: prompt,
      maxTokens: 20,
      sampler: createSampler({ temperature: 0, random }),
      random,
      inspectCache: (cache) => {
        cacheRows = { reserved: cache.reservedRows, committed: cache.length - cache.reservedRows };
      },
    })) {
      speculative.push(...chunk.tokens);
    }

    expect(speculative).toEqual(plain);
    // The prefix stays reserved; only prompt and accepted rows were committed.
    expect(cacheRows?.reserved).toBe(prefixRows);
    expect(cacheRows?.committed).toBeLessThanOrEqual(prompt.length + speculative.length);
    expect(log.plans[0]?.phase).toBe('prefill');
    expect(log.plans.slice(1).every((pass) => pass.phase === 'round')).toBe(true);

    // Every observe got taps of the committed rows, the path (rounds) and the extra rows' taps.
    const width = lm.info.numTaps * lm.info.hiddenSize;
    log.features.forEach((features, index) => {
      const pass = log.plans[index] as TargetPass;
      const rows = pass.tree.tokens.length;
      expect(features.planRows).toEqual(Array.from({ length: rows }, (_, row) => row));
      expect(features.planTaps?.length).toBe(rows * width);
      const committed = index === 0 ? rows : (features.path?.length as number);
      expect(features.taps?.length).toBe(committed * width);
    });

    // The prefill's extra-row taps equal a pass run by hand over the same layout.
    const cache = lm.createCache({ reservedRows: prefixRows });
    const prefix = await createToyDrafter({ plans: [], features: [] }).targetPrefix?.(lm);
    cache.append(prefix?.keys ?? [], prefix?.values ?? []);
    const first = log.plans[0] as TargetPass;
    const byHand = await lm.forwardRows(cache, {
      tokens: prompt,
      extraEmbeds: Float32Array.from({ length: prompt.length * 16 }, (_, i) =>
        Math.sin(Math.floor(i / 16) * 7.1 + (i % 16) * 1.3),
      ),
      ...buildPassLayout({
        committed: 0,
        reservedRows: prefixRows,
        parents: first.tree.parents,
        plan: { attachTo: prompt.map((_, row) => row), seePrefix: true },
      }),
      taps: true,
    });
    const expected = (byHand.hiddenTaps as Float32Array).subarray(prompt.length * width);
    const got = log.features[0]?.planTaps as Float32Array;
    let worst = 0;
    for (let i = 0; i < expected.length; i++)
      worst = Math.max(worst, Math.abs((expected[i] as number) - (got[i] as number)));
    expect(worst).toBeLessThanOrEqual(1e-5);
  });
});
