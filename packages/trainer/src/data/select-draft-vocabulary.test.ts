import { describe, expect, it } from 'vitest';
import { draftToTargetIds, vocabMappingProblem } from '@confu/checkpoint';
import { selectDraftVocabulary } from './select-draft-vocabulary.js';
import { TokenCounter } from './token-counter.js';
import { syntheticRecord } from './__fixtures__/synthetic-record.js';

describe('TokenCounter', () => {
  it('counts response tokens of records (or all with includePrompt) and rejects bad ids', () => {
    const counter = new TokenCounter(16);
    const record = {
      ...syntheticRecord(1),
      tokens: Int32Array.from([1, 2, 3, 3, 9]),
      promptLength: 2,
    };
    counter.addRecord(record);
    expect([...counter.counts.subarray(0, 10)]).toEqual([0, 0, 0, 2, 0, 0, 0, 0, 0, 1]);
    counter.addRecord(record, { includePrompt: true });
    expect(counter.total).toBe(8);
    expect(() => counter.addTokens([15, 16])).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(counter.total).toBe(8);
  });
});

describe('selectDraftVocabulary', () => {
  it('picks the most frequent ids (ties by lower id), sorted, with consistent d2t / t2d', () => {
    const counts = [5, 0, 9, 1, 9, 0, 7, 3];
    const vocabulary = selectDraftVocabulary(counts, 4);
    expect([...vocabulary.targetIds]).toEqual([0, 2, 4, 6]);
    expect([...vocabulary.d2t]).toEqual([0n, 1n, 2n, 3n]);
    expect([...vocabulary.t2d]).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    expect([...draftToTargetIds(vocabulary.d2t)]).toEqual([...vocabulary.targetIds]);
    expect(vocabMappingProblem(vocabulary.d2t, vocabulary.t2d)).toBeUndefined();
    expect(vocabulary.coverage).toBeCloseTo(30 / 34);
    expect([...selectDraftVocabulary(counts, 5).targetIds]).toEqual([0, 2, 4, 6, 7]);
  });

  it('round-trips on a larger random count table and fills unseen ids by lower id', () => {
    const counts = Float64Array.from({ length: 300 }, (_, id) =>
      id % 3 === 0 ? 0 : (id * 7919) % 101,
    );
    const vocabulary = selectDraftVocabulary(counts, 250);
    const mapped = draftToTargetIds(vocabulary.d2t);
    expect(mapped).toHaveLength(250);
    for (let id = 0; id < 300; id++) expect(vocabulary.t2d[id] === 1).toBe(mapped.includes(id));
    const kept = new Set(mapped);
    const minKept = Math.min(...[...kept].map((id) => counts[id] as number));
    for (let id = 0; id < 300; id++)
      if (!kept.has(id)) expect(counts[id]).toBeLessThanOrEqual(minKept);
    expect(vocabMappingProblem(vocabulary.d2t, vocabulary.t2d)).toBeUndefined();
  });

  it('always includes the forced ids and validates arguments', () => {
    expect([...selectDraftVocabulary([0, 0, 5, 4], 2, { include: [1] }).targetIds]).toEqual([1, 2]);
    expect(() => selectDraftVocabulary([1, 2], 3)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => selectDraftVocabulary([1, -2], 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => selectDraftVocabulary([1, 2], 1, { include: [0, 1] })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});
