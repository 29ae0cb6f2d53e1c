import { describe, expect, it } from 'vitest';
import { createStopMatcher } from './stop-matcher.js';

describe('createStopMatcher', () => {
  it('cuts at a stop string split across chunks and never emits it', () => {
    const matcher = createStopMatcher(['Lily']);

    const pieces = [', named L', 'i', 'ly. She'].map((text) => matcher.push(text));

    expect(pieces).toEqual([
      { emit: ', named ', stopped: false },
      { emit: '', stopped: false },
      { emit: '', stopped: true },
    ]);
  });

  it('releases held-back text once it cannot start a stop string, and on flush', () => {
    const matcher = createStopMatcher(['abc', 'xy']);

    expect(matcher.push('1ab')).toEqual({ emit: '1', stopped: false });
    expect(matcher.push('d x')).toEqual({ emit: 'abd ', stopped: false });
    expect(matcher.flush()).toBe('x');
  });

  it('stops at the earliest of several stop strings', () => {
    const matcher = createStopMatcher(['world', 'lo']);

    expect(matcher.push('hello world')).toEqual({ emit: 'hel', stopped: true });
  });

  it('passes text through without stop strings', () => {
    expect(createStopMatcher([]).push('anything')).toEqual({ emit: 'anything', stopped: false });
  });
});
