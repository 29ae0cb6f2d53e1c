import { describe, expect, it } from 'vitest';
import { createChunkSplitter } from './chunk-splitter.js';
import type { TokenTextDecoder } from './chunk-splitter.js';

const pieces: Record<number, string> = { 1: ' Once', 2: ' upon', 3: ' a', 4: ' time' };
const decoder = (): TokenTextDecoder => ({
  push: (id) => pieces[id] ?? '?',
  flush: () => '',
});

describe('createChunkSplitter', () => {
  it('gives each accepted draft token its text; the last token is the bonus', () => {
    const split = createChunkSplitter(decoder());

    const chunk = split({
      tokens: [2, 3, 4],
      text: ' upon a time',
      round: { drafted: 5, accepted: 2 },
    });

    expect(chunk).toEqual({
      text: ' upon a time',
      tokenCount: 3,
      draftPieces: [' upon', ' a'],
      round: { drafted: 5, accepted: 2, rejected: 3 },
    });
  });

  it('counts only the accepted tokens shown when a round is cut at maxTokens', () => {
    const split = createChunkSplitter(decoder());

    const chunk = split({ tokens: [2, 3], text: ' upon a', round: { drafted: 4, accepted: 3 } });

    expect([chunk.draftPieces, chunk.round]).toEqual([
      [' upon', ' a'],
      { drafted: 4, accepted: 2, rejected: 1 },
    ]);
  });

  it('has no round in plain decoding', () => {
    const split = createChunkSplitter(decoder());

    const chunk = split({ tokens: [1, 2], text: ' Once upon' });

    expect(chunk).toEqual({ text: ' Once upon', tokenCount: 2, draftPieces: [] });
  });

  it('falls back to no pieces when its own decoding disagrees with the engine text', () => {
    const split = createChunkSplitter(decoder());

    const chunk = split({
      tokens: [1, 2],
      text: 'something else',
      round: { drafted: 3, accepted: 1 },
    });

    expect([chunk.draftPieces, chunk.text]).toEqual([[], 'something else']);
  });

  it('passes the finish reason and stats of the last chunk through', () => {
    const split = createChunkSplitter(decoder());
    const stats = {
      promptTokens: 1,
      generatedTokens: 0,
      targetPasses: 1,
      acceptanceLength: 1,
      prefillMs: 1,
      decodeMs: 0,
      timeToFirstTokenMs: 1,
      tokensPerSecond: 0,
      decodeTokensPerSecond: 0,
    };

    const chunk = split({ tokens: [], text: '', finishReason: 'stop', stats });

    expect(chunk).toEqual({
      text: '',
      tokenCount: 0,
      draftPieces: [],
      finishReason: 'stop',
      stats,
    });
  });
});
