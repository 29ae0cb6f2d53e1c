import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHfTokenizer } from '@confu/tokenizer';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runTokenizer } from './tokenizer.js';
import { readCorpus } from './tokenizer-corpus.js';

const scratch = await mkdtemp(join(tmpdir(), 'confu-tokenizer-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Text with many distinct words (an LCG over letters), so hundreds of merges exist. */
function corpusText(words: number): string {
  let state = 7;
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    let word = '';
    for (let length = 2 + (i % 7); length > 0; length--) {
      state = (state * 1103515245 + 12345) % 2147483648;
      word += 'etaoinshrdlucmfwyp'[state % 18];
    }
    parts.push(i % 13 === 12 ? `${word}.\n` : word);
  }
  return `Once upon a time 你好 🙂 ${parts.join(' ')}`;
}

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, content);
  return path;
}

async function train(argv: string[], signal = new AbortController().signal): Promise<void> {
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await runTokenizer(['train', ...argv], signal);
  } finally {
    vi.restoreAllMocks();
  }
}

describe('confu tokenizer train', () => {
  it('writes a tokenizer that @huggingface/tokenizers loads with <s>/</s> as BOS/EOS', async () => {
    const corpus = await file('small.txt', corpusText(2000));
    const out = join(scratch, 'small');
    await train(['--corpus', corpus, '--vocab', '400', '--out', out]);
    const json = await readFile(join(out, 'tokenizer.json'), 'utf8');
    const config = JSON.parse(await readFile(join(out, 'tokenizer_config.json'), 'utf8')) as object;
    const tokenizer = loadHfTokenizer(json, { config });
    expect(tokenizer.vocabSize).toBe(400);
    expect([tokenizer.bosTokenId, tokenizer.eosTokenIds]).toEqual([0, [1]]);
    const text = 'Once upon a time 你好 🙂 tao';
    expect(tokenizer.decode(tokenizer.encode(text, { addSpecialTokens: false }))).toBe(text);
    await expect(train(['--corpus', corpus, '--vocab', '400', '--out', out])).rejects.toThrow(
      `--out ${out} already exists and is not empty`,
    );
  });

  it('resumed after an interruption, writes the same tokenizer.json as a run without one', async () => {
    const corpus = await file('resume.txt', corpusText(6000));
    const whole = join(scratch, 'whole');
    const args = ['--corpus', corpus, '--vocab', '1000', '--checkpoint-every', '50'];
    await train([...args, '--out', whole]);
    const resumed = join(scratch, 'resumed');
    const controller = new AbortController();
    // Interrupt on the merge bar's first line (10 %); the trainer notices at its next yield.
    const run = runTokenizer(['train', ...args, '--out', resumed], controller.signal);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
      if (String(text).includes('tokens')) controller.abort(new Error('interrupted'));
      return true;
    });
    await expect(run).rejects.toThrow('interrupted');
    vi.restoreAllMocks();
    const checkpoint = JSON.parse(await readFile(join(resumed, 'checkpoint.json'), 'utf8')) as {
      merges: unknown[];
    };
    expect(checkpoint.merges.length).toBe(250);
    await train([...args, '--out', resumed, '--resume']);
    expect(await readFile(join(resumed, 'tokenizer.json'), 'utf8')).toBe(
      await readFile(join(whole, 'tokenizer.json'), 'utf8'),
    );
  });

  it('names the file or flag in its errors', async () => {
    const good = await file('good.txt', 'some text\n');
    const out = join(scratch, 'errors');
    const missing = join(scratch, 'missing.txt');
    await expect(
      train(['--corpus', missing, '--vocab', '300', '--out', out]),
    ).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: `--corpus ${missing} does not exist`,
    });
    const empty = await file('empty.txt', '');
    await expect(
      train(['--corpus', good, empty, '--vocab', '300', '--out', out]),
    ).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: `corpus ${empty} is empty`,
    });
    const latin1 = await file('latin1.txt', Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x0a));
    await expect(train(['--corpus', latin1, '--vocab', '300', '--out', out])).rejects.toMatchObject(
      {
        code: 'INVALID_FILE',
        message: `corpus ${latin1} is not valid UTF-8 (in bytes 0–5)`,
      },
    );
    await expect(
      train(['--corpus', good, '--vocab', '257', '--out', join(scratch, 'v')]),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: '--vocab 257 is smaller than the 256 byte tokens + 2 special tokens (at least 258)',
    });
    await expect(
      train(['--corpus', good, '--vocab', '300', '--out', join(scratch, 'r'), '--resume']),
    ).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: `--resume: ${join(scratch, 'r', 'checkpoint.json')} does not exist`,
    });
  });
});

describe('readCorpus', () => {
  it('reads a window of the concatenated files, cut at line ends', async () => {
    const a = await file('a.txt', 'aaa\nbbb\n');
    const b = await file('b.txt', 'ccc\nddd');
    const read = async (window: { skipBytes?: number; maxBytes?: number }): Promise<string> => {
      let text = '';
      for await (const chunk of readCorpus([a, b], window)) text += chunk.text;
      return text;
    };
    expect(await read({})).toBe('aaa\nbbb\nccc\nddd');
    expect(await read({ skipBytes: 1 })).toBe('bbb\nccc\nddd');
    expect(await read({ skipBytes: 4 })).toBe('bbb\nccc\nddd');
    expect(await read({ skipBytes: 8 })).toBe('ccc\nddd');
    expect(await read({ maxBytes: 7 })).toBe('aaa\n');
    expect(await read({ skipBytes: 4, maxBytes: 7 })).toBe('bbb\n');
    expect(await read({ skipBytes: 4, maxBytes: 8 })).toBe('bbb\nccc\n');
  });
});
