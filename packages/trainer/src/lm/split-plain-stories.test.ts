import { describe, expect, it } from 'vitest';
import { splitPlainStories } from './split-plain-stories.js';

describe('splitPlainStories', () => {
  it('keeps paragraphs (one blank line) together and splits at a single line break', () => {
    const text = 'One day, a cat.\n\nThe end.\nOnce upon a time.\nTom ran.\n\nHe won.\n';

    expect(splitPlainStories(text)).toEqual([
      'One day, a cat.\n\nThe end.',
      'Once upon a time.',
      'Tom ran.\n\nHe won.',
    ]);
  });

  it('also splits at three or more blank lines and drops empty stories', () => {
    expect(splitPlainStories('\n\nA.\n\n\n\n\nB.\n\nC.\n\n')).toEqual(['A.', 'B.\n\nC.']);
  });
});
