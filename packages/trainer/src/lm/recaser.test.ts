import { describe, expect, it } from 'vitest';
import { createRecaser } from './recaser.js';

const cased = [
  'Lily and Ben went to the park. Lily said, "I want to play!" Ben smiled.',
  '"Can we go?" Her mom said yes. "Run!" he said. Then Ben ran to Lily.',
];

describe('createRecaser', () => {
  it('capitalises sentence and quotation starts, names and "I" as the cased text does', () => {
    const recaser = createRecaser(cased);

    expect(recaser.recase('the cat saw lily. ben said, "i like it!" he smiled.')).toBe(
      'The cat saw Lily. Ben said, "I like it!" he smiled.',
    );
  });

  it('decides after a closing quotation by the word ("Run!" he / "Go?" Her)', () => {
    const recaser = createRecaser(cased);

    expect(recaser.recase('"stop!" he said. "why?" her dad asked.')).toBe(
      '"Stop!" he said. "Why?" Her dad asked.',
    );
  });

  it('capitalises an unseen name the story introduces with "named", and leaves other unseen words', () => {
    const recaser = createRecaser(cased);

    expect(recaser.recase('a dog named rex met a zebra. rex barked.')).toBe(
      'A dog named Rex met a zebra. Rex barked.',
    );
  });
});
