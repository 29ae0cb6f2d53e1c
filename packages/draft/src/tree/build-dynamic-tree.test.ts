import { describe, expect, it } from 'vitest';
import { randomInt, seededUniform } from './__fixtures__/seeded-uniform.js';
import { buildDynamicTree } from './build-dynamic-tree.js';
import type { ChildCandidates, ExpandFunction, FrontierNode } from './expand-function.js';
import { validateDraftTree } from './validate-draft-tree.js';

/** Children by parent token (hand-made cases use distinct parent tokens). */
function tableExpand(
  table: Record<number, [number, number][]>,
  calls: FrontierNode[][] = [],
): ExpandFunction {
  return (frontier) => {
    calls.push([...frontier]);
    return Promise.resolve(
      frontier.map((node) => {
        const children = table[node.token] ?? [];
        return {
          tokens: children.map(([token]) => token),
          logProbs: children.map(([, probability]) => Math.log(probability)),
        };
      }),
    );
  };
}

// Root 100 → 1 (.6), 2 (.3); 1 → 3 (.7), 4 (.2); 2 → 5 (.9), 3 (.05); 3 → 6, 7 (.5 each); 5 → 8 (.8), 9 (.1).
// Path values: 1 .6, 2 .3, 1-3 .42, 1-4 .12, 2-5 .27, 2-3 .015, 1-3-6 .21, 1-3-7 .21, 2-5-8 .216, 2-5-9 .027.
const table: Record<number, [number, number][]> = {
  100: [
    [1, 0.6],
    [2, 0.3],
  ],
  1: [
    [3, 0.7],
    [4, 0.2],
  ],
  2: [
    [5, 0.9],
    [3, 0.05],
  ],
  3: [
    [6, 0.5],
    [7, 0.5],
  ],
  5: [
    [8, 0.8],
    [9, 0.1],
  ],
};

describe('buildDynamicTree', () => {
  it('builds the hand-computed EAGLE-2 tree: global top-k frontiers, rerank, id order', async () => {
    const calls: FrontierNode[][] = [];

    const tree = await buildDynamicTree(
      100,
      { depth: 2, topK: 2, totalTokens: 6 },
      tableExpand(table, calls),
    );

    expect(calls).toEqual([
      [{ id: -1, token: 100, parentId: -1, depth: 0 }],
      [
        expect.objectContaining({ id: 0, token: 1, parentId: -1, depth: 1 }),
        expect.objectContaining({ id: 1, token: 2, parentId: -1, depth: 1 }),
      ],
      // Layer 2 = ids 2..5 (1-3, 1-4, 2-5, 2-3): the best two are 1-3 (.42) and 2-5 (.27).
      [
        expect.objectContaining({ id: 2, token: 3, parentId: 0, depth: 2 }),
        expect.objectContaining({ id: 4, token: 5, parentId: 1, depth: 2 }),
      ],
    ]);
    // Best five of the pool: 1 (.6), 1-3 (.42), 2 (.3), 2-5 (.27), 2-5-8 (.216).
    expect(tree.tokens).toEqual([100, 1, 2, 3, 5, 8]);
    expect(tree.parents).toEqual([-1, 0, 0, 1, 2, 4]);
    const expectedScores = [1, 0.6, 0.3, 0.42, 0.27, 0.216].map(Math.log);
    tree.scores?.forEach((score, index) =>
      expect(score).toBeCloseTo(expectedScores[index] as number, 12),
    );
  });

  it('breaks a score tie in favour of the earlier candidate and allows a token on several branches', async () => {
    const tree = await buildDynamicTree(
      100,
      { depth: 2, topK: 2, totalTokens: 8 },
      tableExpand(table),
    );

    // Next after .216 are 1-3-6 and 1-3-7 (.21 each; 6 was created first), then 1-4 (.12) is out.
    expect(tree.tokens).toEqual([100, 1, 2, 3, 5, 6, 7, 8]);
    expect(tree.parents).toEqual([-1, 0, 0, 1, 2, 3, 3, 4]);

    const wide = await buildDynamicTree(
      100,
      { depth: 2, topK: 2, totalTokens: 11 },
      tableExpand(table),
    );
    // The whole pool (10 candidates): token 3 appears under 1 and under 2.
    expect(wide.tokens.filter((token) => token === 3)).toHaveLength(2);
    validateDraftTree(wide);
  });

  it('keeps parents when every score ties, and drops NaN candidates and never lets a child outrank its parent', async () => {
    const flat: ExpandFunction = (frontier) =>
      Promise.resolve(
        frontier.map((node) => ({
          tokens: [node.depth * 10 + 1, node.depth * 10 + 2],
          logProbs: [0, 0],
        })),
      );

    const tied = await buildDynamicTree(7, { depth: 3, topK: 2, totalTokens: 6 }, flat);

    validateDraftTree(tied);
    expect(tied.parents).toEqual([-1, 0, 0, 1, 1, 2]);

    const odd: ExpandFunction = (frontier) =>
      Promise.resolve(frontier.map(() => ({ tokens: [1, 2, 3], logProbs: [Number.NaN, 0.5, -1] })));
    const tree = await buildDynamicTree(7, { depth: 2, topK: 3, totalTokens: 22 }, odd);

    validateDraftTree(tree);
    expect(tree.tokens.slice(1).every((token) => token !== 1)).toBe(true);
    // Two children per expanded node survive: root, 2, then 2·2, then 3 (of 4) expanded · 2.
    expect(tree.tokens).toHaveLength(1 + 2 + 4 + 6);
    tree.parents.forEach((parent, index) => {
      if (parent >= 0)
        expect(tree.scores?.[index]).toBeLessThanOrEqual(tree.scores?.[parent] as number);
    });
  });

  it('rejects invalid options and malformed expand results', async () => {
    const expand = tableExpand(table);
    await expect(
      buildDynamicTree(100, { depth: 2, topK: 2, totalTokens: 12 }, expand),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('totalTokens'),
    });
    await expect(
      buildDynamicTree(100, { depth: 0, topK: 2, totalTokens: 3 }, expand),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('depth'),
    });
    await expect(
      buildDynamicTree(-1, { depth: 1, topK: 2, totalTokens: 3 }, expand),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('root') });
    const short: ExpandFunction = () => Promise.resolve([]);
    await expect(
      buildDynamicTree(100, { depth: 1, topK: 2, totalTokens: 3 }, short),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const ragged: ExpandFunction = () => Promise.resolve([{ tokens: [1, 2], logProbs: [0] }]);
    await expect(
      buildDynamicTree(100, { depth: 1, topK: 2, totalTokens: 3 }, ragged),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('returns the bare root when the drafter proposes nothing', async () => {
    const none: ExpandFunction = (frontier) =>
      Promise.resolve(frontier.map(() => ({ tokens: [], logProbs: [] })));

    const tree = await buildDynamicTree(5, { depth: 3, topK: 4, totalTokens: 20 }, none);

    expect(tree).toEqual({ tokens: [5], parents: [-1], scores: [0] });
  });

  describe('on random drafters', () => {
    /**
     * A random drafter over a small vocabulary (so tokens repeat across branches) that also tracks
     * what the algorithm must do: each frontier node's path and score, the candidate pool, and
     * whether each frontier was the global top-k of the previous layer.
     */
    function randomDrafter(seed: number, vocab: number, topK: number) {
      const random = seededUniform(seed);
      const paths = new Map<number, { key: string; score: number }>([[-1, { key: '', score: 0 }]]);
      const pool = new Map<string, number>();
      let lastLayer: { key: string; score: number }[] = [];
      const frontierWasTopK: boolean[] = [];
      const expand: ExpandFunction = (frontier) => {
        const frontierKeys = frontier.map((node) => {
          const parent = paths.get(node.parentId);
          const key = node.id === -1 ? '' : `${parent?.key ?? '?'}/${node.token}`;
          paths.set(node.id, { key, score: pool.get(key) ?? 0 });
          return key;
        });
        if (lastLayer.length > 0) {
          const best = [...lastLayer].sort((a, b) => b.score - a.score).slice(0, topK);
          frontierWasTopK.push(
            JSON.stringify(best.map((entry) => entry.key).sort()) ===
              JSON.stringify([...frontierKeys].sort()),
          );
        }
        lastLayer = [];
        const results: ChildCandidates[] = frontier.map((node) => {
          const tokens = new Set<number>();
          while (tokens.size < Math.min(topK, vocab)) tokens.add(randomInt(random, vocab));
          const logProbs = [...tokens].map(() => Math.log(random() * 0.9 + 0.01));
          const parent = paths.get(node.id) as { key: string; score: number };
          [...tokens].forEach((token, index) => {
            const entry = {
              key: `${parent.key}/${token}`,
              score: parent.score + (logProbs[index] as number),
            };
            pool.set(entry.key, entry.score);
            lastLayer.push(entry);
          });
          return { tokens: [...tokens], logProbs };
        });
        return Promise.resolve(results);
      };
      return { expand, pool, frontierWasTopK };
    }

    function pathKeys(tokens: readonly number[], parents: readonly number[]): string[] {
      const keys: string[] = [''];
      for (let index = 1; index < tokens.length; index++)
        keys.push(`${keys[parents[index] as number] as string}/${tokens[index] as number}`);
      return keys;
    }

    it('returns the totalTokens − 1 best pool candidates, parents first, with cumulative scores', async () => {
      const random = seededUniform(2024);
      for (let trial = 0; trial < 60; trial++) {
        const depth = 1 + randomInt(random, 5);
        const topK = 1 + randomInt(random, 5);
        const totalTokens = 2 + randomInt(random, topK + depth * topK * topK);
        const drafter = randomDrafter(trial + 1, 3 + randomInt(random, 8), topK);

        const tree = await buildDynamicTree(0, { depth, topK, totalTokens }, drafter.expand);

        validateDraftTree(tree);
        expect(drafter.frontierWasTopK.every(Boolean)).toBe(true);
        const poolSize = drafter.pool.size;
        expect(tree.tokens).toHaveLength(Math.min(totalTokens, poolSize + 1));
        const keys = pathKeys(tree.tokens, tree.parents);
        const scores = tree.scores ?? [];
        keys.slice(1).forEach((key, offset) => {
          expect(scores[offset + 1]).toBeCloseTo(drafter.pool.get(key) as number, 9);
        });
        // Optimality: no candidate left out scores above the worst one kept.
        const kept = new Set(keys);
        const worstKept = Math.min(...scores.slice(1));
        for (const [key, score] of drafter.pool) {
          if (!kept.has(key)) expect(score).toBeLessThanOrEqual(worstKept);
        }
        // Ids ascend by layer, so depths never decrease along the tree order.
        const depths = keys.map((key) => key.split('/').length - 1);
        expect(depths).toEqual([...depths].sort((a, b) => a - b));
        expect(Math.max(...depths)).toBeLessThanOrEqual(depth + 1);
      }
    });
  });
});
