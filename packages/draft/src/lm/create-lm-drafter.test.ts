import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CausalLm } from '@confu/model';
import { validateDraftTree } from '../tree/validate-draft-tree.js';
import { goldenCases, hasStories260k, loadStories260k } from './__fixtures__/stories260k.js';
import { createLmDrafter } from './create-lm-drafter.js';
import { topLogProbs } from './top-log-probs.js';

/** Log-probabilities after `tokens`, computed from scratch on a fresh cache (a plain causal pass). */
async function nextLogProbs(model: CausalLm, tokens: readonly number[], k: number) {
  const result = await model.forward(model.createCache(), { tokens });
  return topLogProbs(result.logits, tokens.length - 1, model.info.vocabSize, k);
}

describe.skipIf(!hasStories260k)('createLmDrafter on stories260K (onnxruntime-node)', () => {
  let model: CausalLm;
  beforeAll(async () => {
    model = await loadStories260k();
  });
  afterAll(async () => {
    await model?.dispose();
  });

  it('drafts the greedy continuation as a chain when the target drafts for itself, round after round', async () => {
    const drafter = createLmDrafter({
      model,
      mode: 'chain',
      tree: { depth: 5, topK: 4, totalTokens: 16 },
      targetVocabSize: 512,
    });
    const session = drafter.createSession();
    for (const golden of goldenCases().slice(1, 3)) {
      const output = golden.output_tokens;
      // The root is the first generated token; then rounds accepting 0, 2, 5, 6 and 1 tokens.
      let committed = golden.prompt_tokens.length;
      for (const accepted of [0, 2, 5, 6, 1]) {
        await session.observe(output.slice(0, committed + 1), {});

        const tree = await session.draft();

        expect(tree.tokens).toEqual(output.slice(committed, committed + 7));
        expect(tree.parents).toEqual([-1, 0, 1, 2, 3, 4, 5]);
        expect(session.cacheLength).toBe(committed + 1);
        committed += accepted + 1;
      }
    }
    session.dispose();
  });

  it('grows valid trees whose nodes are the draft top-k given their path, with cumulative scores', async () => {
    const topK = 3;
    const session = createLmDrafter({
      model,
      tree: { depth: 3, topK, totalTokens: 20 },
    }).createSession();
    const [golden] = goldenCases().slice(2, 3);
    const sequence = golden?.output_tokens.slice(0, 12) ?? [];
    await session.observe(sequence, {});

    const tree = await session.draft();

    validateDraftTree(tree, model.info.vocabSize);
    expect(tree.tokens).toHaveLength(20);
    expect(session.cacheLength).toBe(sequence.length);
    const firstLevel = tree.tokens.filter((_, node) => tree.parents[node] === 0);
    expect(firstLevel).toEqual((await nextLogProbs(model, sequence, topK)).tokens);
    // Every node: its score is its parent's plus the log-probability of its token after the path,
    // and it is among that path's top-k (checks positions and the tree mask of the draft passes).
    const paths: number[][] = [[]];
    for (let node = 1; node < tree.tokens.length; node++) {
      const parent = tree.parents[node] as number;
      const parentPath = paths[parent] as number[];
      paths.push([...parentPath, tree.tokens[node] as number]);
      const reference = await nextLogProbs(model, [...sequence, ...parentPath], topK);
      const rank = reference.tokens.indexOf(tree.tokens[node] as number);
      expect(rank, `node ${node}`).toBeGreaterThanOrEqual(0);
      const expected = (tree.scores?.[parent] as number) + (reference.logProbs[rank] as number);
      expect(tree.scores?.[node]).toBeCloseTo(expected, 4);
    }
  });

  it('catches up after a rewound or replaced sequence and refuses a foreign vocabulary', async () => {
    const session = createLmDrafter({
      model,
      mode: 'chain',
      tree: { depth: 3, topK: 1, totalTokens: 5 },
    }).createSession();
    const [first, second] = goldenCases().slice(1, 3);
    const a = first?.output_tokens ?? [];
    const b = second?.output_tokens ?? [];
    await session.observe(a.slice(0, 20), {});
    await session.draft();

    await session.observe(b.slice(0, 10), {});
    const replaced = await session.draft();
    await session.observe(b.slice(0, 8), {});
    const rewound = await session.draft();

    expect(replaced.tokens).toEqual(b.slice(9, 14));
    expect(rewound.tokens).toEqual(b.slice(7, 12));
    expect(session.cacheLength).toBe(8);
    expect(() => createLmDrafter({ model, targetVocabSize: 32000 })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });
});

describe('createLmDrafter options', () => {
  const model = { info: { vocabSize: 512 } } as unknown as CausalLm;

  it.each([
    [{ mode: 'beam' as 'tree' }, '`mode`'],
    [{ tree: { depth: 0, topK: 2, totalTokens: 3 } }, '`tree.depth`'],
    [{ tree: { depth: 2, topK: 2, totalTokens: 99 } }, '`tree.totalTokens`'],
  ])('rejects %o naming %s', (options, name) => {
    expect(() => createLmDrafter({ model, ...options })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(name) }),
    );
  });

  it('rejects a draft vocabulary that differs from the target and describes itself', () => {
    expect(() => createLmDrafter({ model, targetVocabSize: 513 })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining('513') }),
    );
    const drafter = createLmDrafter({ model, targetVocabSize: 512 });
    expect(drafter.kind).toBe('lm');
    expect(drafter.requirements).toEqual({ taps: false });
  });
});
