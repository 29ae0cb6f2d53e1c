import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCorpusStories } from './corpus-jsonl.js';
import { createDevExclusion } from './dev-exclusion.js';
import { parseDevPrompts } from './dev-prompts.js';
import { splitLines } from './split-lines.js';
import { splitStory } from './split-story.js';
import { trainingPrompts } from './training-prompts.js';
import { hasTinyStories, questionsJsonl, storiesJsonl } from './__fixtures__/tinystories.js';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('splitLines / parseCorpusStories', () => {
  it('re-chunks lines across chunk boundaries and CRLF', async () => {
    expect(await collect(splitLines(['a', 'b\r\nc', '\n\nd']))).toEqual(['ab', 'c', '', 'd']);
  });

  it('keeps one split and names the line of bad JSON', async () => {
    const text = ['{"id":1,"split":"train","text":"A."}', '', '{"id":2,"split":"dev","text":"B."}'];
    const stories = await collect(parseCorpusStories([text.join('\n')], { split: 'train' }));
    expect(stories).toEqual([{ id: 1, split: 'train', text: 'A.' }]);
    await expect(
      collect(parseCorpusStories(['{"id":1}\n{oops'], { label: 'c.jsonl' })),
    ).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringContaining('c.jsonl:1'),
    });
  });
});

describe('splitStory', () => {
  it('cuts after the first sentence, growing the prompt to the minimum token count', () => {
    const story = 'Tom had a dog. "Run!" he said. The dog ran.';
    expect(splitStory(story)).toEqual({
      prompt: 'Tom had a dog.',
      reference: '"Run!" he said. The dog ran.',
    });
    const words = (text: string): number => text.split(' ').length;
    expect(splitStory(story, { minPromptTokens: 5, countTokens: words })).toEqual({
      prompt: 'Tom had a dog. "Run!" he said.',
      reference: 'The dog ran.',
    });
    expect(splitStory(story, { maxPromptTokens: 3, countTokens: words })).toBeUndefined();
    expect(splitStory('Only one sentence.')).toBeUndefined();
  });
});

describe('trainingPrompts dev exclusion', () => {
  const dev = [
    {
      firstTurn: 'Anna and Ben are twins.',
      references: [
        'They like to play with their toys all day long in the big green garden by the house.',
      ],
    },
  ];

  it('drops stories containing a first turn or sharing a 13-word run with a reference', async () => {
    const stories = [
      'Sam had a red ball. He played all day.',
      'One day, ANNA and Ben  are twins. They smile.',
      'Mia smiled. They like to play with their toys all day long in the big green garden too.',
      'Mia smiled. They like to play with their toys all day.',
    ];
    const skipped: number[] = [];
    const prompts = await collect(
      trainingPrompts(stories, { exclude: dev, onSkip: (s) => skipped.push(s.storyIndex) }),
    );
    expect(skipped).toEqual([1, 2]);
    expect(prompts.map((p) => [p.index, p.storyIndex, p.prompt])).toEqual([
      [0, 0, 'Sam had a red ball.'],
      [1, 3, 'Mia smiled.'],
    ]);
    expect(createDevExclusion(dev, { ngramWords: 6 }).reason(stories[3] as string)).toMatch(
      /shares/,
    );
  });

  it('stops pulling stories at the limit', async () => {
    let pulled = 0;
    function* stories(): Generator<string> {
      for (;;) {
        pulled++;
        yield 'A cat sat. It slept.';
      }
    }
    expect(await collect(trainingPrompts(stories(), { limit: 3 }))).toHaveLength(3);
    expect(pulled).toBe(3);
  });

  it.skipIf(!hasTinyStories)('splits the dev stories exactly as the eval set does', async () => {
    const devPrompts = await parseDevPrompts([readFileSync(questionsJsonl, 'utf8')]);
    const devStories = await collect(
      parseCorpusStories([readFileSync(storiesJsonl, 'utf8')], { split: 'dev' }),
    );
    expect(devStories.map((story) => splitStory(story.text))).toEqual(
      devPrompts.map((prompt) => ({ prompt: prompt.firstTurn, reference: prompt.references[0] })),
    );
  });

  it.skipIf(!hasTinyStories)(
    'keeps no TinyStories train story that leaks a dev prompt',
    async () => {
      const devPrompts = await parseDevPrompts(
        [readFileSync(questionsJsonl, 'utf8')],
        questionsJsonl,
      );
      expect(devPrompts).toHaveLength(50);
      const texts = (async function* () {
        for await (const story of parseCorpusStories([readFileSync(storiesJsonl, 'utf8')], {
          split: 'train',
        }))
          yield story.text;
      })();
      const skipped: string[] = [];
      const prompts = await collect(
        trainingPrompts(texts, { exclude: devPrompts, onSkip: (s) => skipped.push(s.reason) }),
      );
      const norm = (text: string): string => text.toLowerCase().split(/\s+/u).join(' ');
      const devTurns = devPrompts.map((prompt) => norm(prompt.firstTurn));
      // 8 train stories repeat a dev first sentence ("Lily was very happy.", "Anna and Ben are friends.", ...).
      expect(skipped.filter((reason) => reason.includes('contains'))).toHaveLength(8);
      expect(prompts.length).toBeGreaterThan(900);
      for (const { prompt, reference } of prompts) {
        const text = norm(`${prompt} ${reference}`);
        expect(devTurns.some((turn) => text.includes(turn))).toBe(false);
      }
    },
  );
});
