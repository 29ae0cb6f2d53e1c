import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countWords, syntheticCorpus } from './__fixtures__/synthetic-corpus.js';
import type { BpeCheckpoint } from './bpe-checkpoint.js';
import { parseBpeCheckpoint } from './bpe-checkpoint.js';
import { createCorpusDecoder } from './corpus-decoder.js';
import { trainBpe } from './train-bpe.js';
import { WordCounter } from './word-counter.js';

describe('trainBpe', () => {
  it('merges the most frequent pair first and breaks ties by smaller ids', async () => {
    // Words: "ab" ×1, " ab" ×2, " cd" ×1 (Ġ is the byte-level space).
    const trained = await trainBpe(countWords('ab ab ab cd'), { vocabSize: 258 + 4 });
    expect(trained.merges).toEqual([
      ['a', 'b'],
      ['Ġ', 'ab'],
      ['Ġ', 'c'],
      ['Ġc', 'd'],
    ]);
    expect(trained.tokens.slice(0, 3)).toEqual(['<s>', '</s>', 'Ā']);
    expect(trained.tokens.slice(258)).toEqual(['ab', 'Ġab', 'Ġc', 'Ġcd']);
  });

  it('merges overlapping runs left to right and stops when no pair is left', async () => {
    const trained = await trainBpe(countWords('aaaaa'), { vocabSize: 1000 });
    expect(trained.merges).toEqual([
      ['a', 'a'],
      ['aa', 'a'], // ties with (aa, aa); 'a' has the smaller id
      ['aa', 'aaa'],
    ]);
    expect(trained.tokens).toHaveLength(258 + 3);
  });

  it('cuts special tokens out of the text before counting', async () => {
    const counts = countWords('hi<s>hi</s>');
    expect([...counts.counts]).toEqual([['hi', 2]]);
  });

  it('resumed from any checkpoint, even after an interruption, gives the same vocabulary', async () => {
    const words = countWords(syntheticCorpus(400));
    const uninterrupted = await trainBpe(words, { vocabSize: 600 });
    const checkpoints: BpeCheckpoint[] = [];
    const interrupted = trainBpe(words, {
      vocabSize: 600,
      checkpointEvery: 50,
      onCheckpoint: (checkpoint) => {
        // Through JSON, as the CLI stores it; interrupted after the third checkpoint.
        checkpoints.push(parseBpeCheckpoint(JSON.parse(JSON.stringify(checkpoint)), 'test'));
        if (checkpoints.length === 3) throw new Error('interrupted');
      },
    });
    await expect(interrupted).rejects.toThrow('interrupted');
    expect(checkpoints.map((checkpoint) => checkpoint.merges.length)).toEqual([50, 100, 150]);
    for (const resumeFrom of checkpoints) {
      expect(await trainBpe(words, { vocabSize: 600, resumeFrom })).toEqual(uninterrupted);
    }
    // A larger vocabulary continues a smaller run's merges.
    const larger = await trainBpe(words, {
      vocabSize: 700,
      resumeFrom: checkpoints[2] as BpeCheckpoint,
    });
    expect(larger.merges.slice(0, uninterrupted.merges.length)).toEqual(uninterrupted.merges);
  });

  it('stops at an aborted signal between merges', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const run = trainBpe(countWords(syntheticCorpus(400)), {
      vocabSize: 800,
      signal: controller.signal,
    });
    await expect(run).rejects.toThrow('stop');
  });

  it('refuses a checkpoint of another corpus or other special tokens', async () => {
    const words = countWords(syntheticCorpus(100));
    let saved: BpeCheckpoint | undefined;
    await trainBpe(words, {
      vocabSize: 300,
      checkpointEvery: 10,
      onCheckpoint: (checkpoint) => {
        saved = checkpoint;
      },
    });
    const resumeFrom = saved as BpeCheckpoint;
    const other = countWords(syntheticCorpus(100, 2));
    await expect(trainBpe(other, { vocabSize: 300, resumeFrom })).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringContaining('another corpus'),
    });
    const otherSpecials = countWords(syntheticCorpus(100), ['<|endoftext|>']);
    await expect(trainBpe(otherSpecials, { vocabSize: 300, resumeFrom })).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringContaining('special tokens'),
    });
    expect(() => parseBpeCheckpoint({ merges: [] }, 'out/checkpoint.json')).toThrow(
      'out/checkpoint.json is not a confu-bpe-checkpoint/1 checkpoint',
    );
  });

  it('refuses a vocabulary smaller than bytes + special tokens, and an empty corpus', async () => {
    await expect(trainBpe(countWords('text'), { vocabSize: 257 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message:
        'vocabulary size 257 is smaller than the 256 byte tokens + 2 special tokens (at least 258)',
    });
    await expect(trainBpe(countWords(''), { vocabSize: 300 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: 'the corpus holds no text to train on',
    });
    expect(() => new WordCounter(['a b'])).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });
});

describe('WordCounter', () => {
  it('counts the same words whatever the chunking', () => {
    const text = `${syntheticCorpus(60)}  \n\n  tail\t\r\n<s> x</s>\u00a0\u3000end  `;
    const whole = [...countWords(text).counts].sort();
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 12 }), (cuts) => {
        const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), text.length];
        const counter = new WordCounter(['<s>', '</s>']);
        for (let i = 0; i + 1 < points.length; i++) {
          counter.add(text.slice(points[i], points[i + 1]));
        }
        expect([...counter.finish().counts].sort()).toEqual(whole);
      }),
    );
  });
});

describe('createCorpusDecoder', () => {
  it('decodes UTF-8 split anywhere, drops a BOM, and names the file on invalid bytes', () => {
    const bytes = new TextEncoder().encode('\ufeffé🙂z');
    const decoder = createCorpusDecoder('a.txt');
    const text = [...bytes].map((byte, i) =>
      decoder.decode(Uint8Array.of(byte), i === bytes.length - 1),
    );
    expect(text.join('')).toBe('é🙂z');
    expect(() => createCorpusDecoder('b.txt').decode(Uint8Array.of(0x61, 0xff), true)).toThrow(
      expect.objectContaining({
        code: 'INVALID_FILE',
        message: 'corpus b.txt is not valid UTF-8 (in bytes 0–2)',
      }),
    );
    const truncated = createCorpusDecoder('c.txt');
    truncated.decode(Uint8Array.of(0xf0, 0x9f), false);
    expect(() => truncated.decode(new Uint8Array(0), true)).toThrow(
      'corpus c.txt is not valid UTF-8',
    );
  });
});
