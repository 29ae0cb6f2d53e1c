import { describe, expect, it } from 'vitest';
import { randomInt, seededUniform } from '../tree/__fixtures__/seeded-uniform.js';
import { validateDraftTree } from '../tree/validate-draft-tree.js';
import { createNgramDrafter } from './create-ngram-drafter.js';
import type { NgramDrafterOptions } from './create-ngram-drafter.js';

async function draftAfter(tokens: readonly number[], options?: NgramDrafterOptions) {
  const session = createNgramDrafter(options).createSession();
  await session.observe(tokens, {});
  return session.draft();
}

describe('createNgramDrafter', () => {
  it('is a model-free drafter needing no target features', () => {
    const drafter = createNgramDrafter();
    expect(drafter.kind).toBe('ngram');
    expect(drafter.requirements).toEqual({ taps: false });
  });

  it('proposes what followed the last earlier occurrence, continuing periodically past the end', async () => {
    const tree = await draftAfter([1, 2, 3, 4, 5, 1, 2, 3]);

    // "1 2 3" ended at position 2; then 4 5 1 2 3 and, with period 5, 4 5 again.
    expect(tree).toEqual({ tokens: [3, 4, 5, 1, 2, 3, 4, 5], parents: [-1, 0, 1, 2, 3, 4, 5, 6] });
    expect(await draftAfter([6, 6, 6], { maxDraftTokens: 3 })).toEqual({
      tokens: [6, 6, 6, 6],
      parents: [-1, 0, 1, 2],
    });
  });

  it('prefers the longest matching suffix over a more recent shorter one', async () => {
    // "7 8 9" matches at 1..3; the bare "9" also occurs later, at 5 (followed by 11).
    const tree = await draftAfter([7, 8, 9, 10, 0, 9, 11, 7, 8, 9]);

    expect(tree.tokens).toEqual([9, 10, 0, 9, 11, 7, 8, 9]);
  });

  it('returns the bare root when nothing matches', async () => {
    expect(await draftAfter([1, 2, 3, 4])).toEqual({ tokens: [4], parents: [-1] });
    expect(await draftAfter([4])).toEqual({ tokens: [4], parents: [-1] });
    expect(await draftAfter([1, 2, 3, 1], { minNgram: 2 })).toEqual({ tokens: [1], parents: [-1] });
  });

  it('branches over distinct earlier matches, ranked by length then recency, within totalTokens', async () => {
    const sequence = [7, 8, 9, 10, 0, 9, 11, 7, 8, 9];
    const tree = { depth: 3, topK: 3, totalTokens: 12 };

    const wide = await draftAfter(sequence, { tree });
    const narrow = await draftAfter(sequence, { tree: { ...tree, totalTokens: 7 } });

    // 3-gram match → 10 0 9 11; the 1-gram match at 5 → 11 7 8 9; other matches repeat the first.
    expect(wide).toEqual({
      tokens: [9, 10, 0, 9, 11, 11, 7, 8, 9],
      parents: [-1, 0, 1, 2, 3, 0, 5, 6, 7],
    });
    expect(narrow).toEqual({ tokens: [9, 10, 0, 9, 11, 11, 7], parents: [-1, 0, 1, 2, 3, 0, 5] });
  });

  it('shares common prefixes between continuations', async () => {
    const tree = await draftAfter([1, 2, 5, 7, 1, 2, 5, 8, 1, 2], {
      maxNgram: 2,
      tree: { depth: 3, topK: 2, totalTokens: 10 },
    });

    // Matches of "1 2": at 5 → 5 8 1 2, at 1 → 5 7 1 2; both start with 5.
    expect(tree).toEqual({ tokens: [2, 5, 8, 1, 2, 7, 1, 2], parents: [-1, 0, 1, 2, 3, 1, 5, 6] });
  });

  it('re-indexes when a sequence does not extend the previous one', async () => {
    const session = createNgramDrafter({ maxDraftTokens: 3 }).createSession();
    await session.observe([1, 2, 3, 1, 2], {});
    expect((await session.draft()).tokens).toEqual([2, 3, 1, 2]);

    await session.observe([5, 6, 5], {});

    expect((await session.draft()).tokens).toEqual([5, 6, 5, 6]);
  });

  it('drafts the same trees incrementally as from scratch on random sequences', async () => {
    const random = seededUniform(7);
    for (let trial = 0; trial < 20; trial++) {
      const topK = 1 + randomInt(random, 4);
      const options: NgramDrafterOptions = {
        maxNgram: 1 + randomInt(random, 4),
        minNgram: 1,
        tree: { depth: 4, topK, totalTokens: 2 + randomInt(random, 4 * topK * topK) },
      };
      const vocab = 2 + randomInt(random, 6);
      const incremental = createNgramDrafter(options).createSession();
      const tokens: number[] = [];
      while (tokens.length < 150) {
        const count = 1 + randomInt(random, 6);
        for (let index = 0; index < count; index++) tokens.push(randomInt(random, vocab));
        await incremental.observe([...tokens], {});

        const tree = await incremental.draft();

        validateDraftTree(tree, vocab);
        expect(tree.tokens.length).toBeLessThanOrEqual(options.tree?.totalTokens ?? 0);
        expect(tree).toEqual(await draftAfter(tokens, options));
      }
    }
  });

  it.each([
    [{ minNgram: 0 }, 'minNgram'],
    [{ minNgram: 3, maxNgram: 2 }, 'maxNgram'],
    [{ maxDraftTokens: 0 }, 'maxDraftTokens'],
    [{ tree: { depth: 2, topK: 2, totalTokens: 20 } }, 'tree.totalTokens'],
  ])('rejects %o naming %s', (options, name) => {
    expect(() => createNgramDrafter(options)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(name) }),
    );
  });

  it('refuses to draft before observe and after dispose', async () => {
    const session = createNgramDrafter().createSession();
    await expect(session.draft()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    session.dispose();
    await expect(session.observe([1], {})).rejects.toMatchObject({ code: 'SESSION_DISPOSED' });
  });
});
