import { describe, expect, it } from 'vitest';
import { createChunkSplitter } from './chunk-splitter.js';
import type { TokenTextDecoder } from './chunk-splitter.js';

const pieces: Record<number, string> = { 1: ' Once', 2: ' upon', 3: ' a', 4: ' time' };
const decoder = (): TokenTextDecoder => ({
  push: (id) => pieces[id] ?? '?',
  flush: () => '',
});

describe('createChunkSplitter', () => {
  it('marks all but the last token of a speculative round as accepted draft text', () => {
    const split = createChunkSplitter(decoder());

    const chunk = split({
      tokens: [2, 3, 4],
      text: ' upon a time',
      round: { drafted: 5, accepted: 2 },
    });

    expect(chunk).toEqual({
      text: ' upon a time',
      draftText: ' upon a',
      tokenCount: 3,
      acceptedCount: 2,
      rejectedCount: 3,
    });
  });

  it('marks nothing in plain decoding', () => {
    const split = createChunkSplitter(decoder());

    const chunk = split({ tokens: [1, 2], text: ' Once upon' });

    expect(chunk).toEqual({ text: ' Once upon', draftText: '', tokenCount: 2, acceptedCount: 0 });
  });

  it('falls back to no highlight when its own decoding disagrees with the engine text', () => {
    const split = createChunkSplitter(decoder());

    const chunk = split({
      tokens: [1, 2],
      text: 'something else',
      round: { drafted: 3, accepted: 1 },
    });

    expect(chunk.draftText).toBe('');
    expect(chunk.text).toBe('something else');
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
      draftText: '',
      tokenCount: 0,
      acceptedCount: 0,
      finishReason: 'stop',
      stats,
    });
  });
});
