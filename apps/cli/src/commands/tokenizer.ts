import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfuError } from '@confu/errors';
import { WordCounter, bpeTokenizerFiles, parseBpeCheckpoint, trainBpe } from '@confu/tokenizer';
import type { BpeCheckpoint } from '@confu/tokenizer';
import { numberOption, requiredString } from '../cli-options.js';
import { createProgressBar } from '@confu/trainer';
import { corpusChunks, readCorpus } from './tokenizer-corpus.js';
import type { CorpusWindow } from './tokenizer-corpus.js';

export const tokenizerUsage = `confu tokenizer train --corpus <file...> --vocab <n> --out <dir> [options]

  --corpus <file...>       UTF-8 text files, read as one stream in the order given
  --vocab <n>              tokens in the vocabulary: special tokens + 256 bytes + merges
  --out <dir>              new directory for tokenizer.json, tokenizer_config.json, training.json
  --special <token>        special token, repeatable; the first is BOS, the second EOS
                           (default <s> and </s>)
  --skip-bytes <n>         drop the first n bytes of the stream, up to the next line
  --max-bytes <n>          train on at most n bytes, cut at a line end
  --checkpoint-every <n>   merges between checkpoints in <out>/checkpoint.json (default 500)
  --resume                 continue from <out>/checkpoint.json (same corpus and options)

Byte-level BPE as GPT-2's (docs/decisions/0008-default-tokenizer.md); the result loads with
@huggingface/tokenizers. Progress on stderr, a JSON summary on stdout.`;

const checkpointName = 'checkpoint.json';

/** `confu tokenizer <subcommand>`; only `train` so far. */
export async function runTokenizer(argv: string[], signal: AbortSignal): Promise<void> {
  const [subcommand, ...rest] = argv;
  if (subcommand !== 'train') {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `confu tokenizer: unknown subcommand ${subcommand ?? '(none)'}; expected train`,
    );
  }
  await runTokenizerTrain(rest, signal);
}

async function runTokenizerTrain(argv: string[], signal: AbortSignal): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string', multiple: true },
      vocab: { type: 'string' },
      out: { type: 'string' },
      special: { type: 'string', multiple: true },
      'skip-bytes': { type: 'string' },
      'max-bytes': { type: 'string' },
      'checkpoint-every': { type: 'string' },
      resume: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: true,
  });
  const { corpus, special, ...flags } = values;
  // `--corpus a.txt b.txt`: the files after the first arrive as positionals.
  const files = [...(corpus ?? []), ...positionals];
  if (files.length === 0) throw new ConfuError('INVALID_ARGUMENT', '--corpus is required');
  const vocabSize = numberOption(flags, 'vocab', { integer: true, min: 1 });
  if (vocabSize === undefined) throw new ConfuError('INVALID_ARGUMENT', '--vocab is required');
  const out = requiredString(flags, 'out');
  const specialTokens = special ?? ['<s>', '</s>'];
  const window: CorpusWindow = {
    skipBytes: numberOption(flags, 'skip-bytes', { integer: true, min: 0 }) ?? 0,
    ...optional('maxBytes', numberOption(flags, 'max-bytes', { integer: true, min: 1 })),
  };
  const checkpointEvery = numberOption(flags, 'checkpoint-every', { integer: true, min: 1 }) ?? 500;
  const resume = flags.resume === true;
  const checkpointFile = join(out, checkpointName);
  const resumeFrom = resume ? await readCheckpoint(checkpointFile) : await prepareOut(out);
  // Checked before reading the corpus, so a typo costs no time.
  const minimum = specialTokens.length + 256;
  if (vocabSize < minimum) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `--vocab ${vocabSize} is smaller than the 256 byte tokens + ${specialTokens.length} special tokens (at least ${minimum})`,
    );
  }

  const started = performance.now();
  const counter = new WordCounter(specialTokens);
  const reading = createProgressBar({
    totalSteps: await corpusChunks(files),
    stream: process.stderr,
    lines: !process.stderr.isTTY,
  });
  let bytes = 0;
  for await (const chunk of readCorpus(files, window)) {
    signal.throwIfAborted();
    counter.add(chunk.text);
    bytes += chunk.bytes;
    reading.tick(`MiB read`);
  }
  reading.finish();
  if (bytes === 0) throw new ConfuError('INVALID_ARGUMENT', '--skip-bytes leaves no corpus text');
  const words = counter.finish();
  const counted = performance.now();
  process.stderr.write(
    `confu tokenizer: ${bytes} bytes, ${words.counts.size} distinct words in ${seconds(counted - started)} s\n`,
  );

  const merging = createProgressBar({
    totalSteps: vocabSize - minimum,
    stream: process.stderr,
    lines: !process.stderr.isTTY,
  });
  let reached = minimum;
  const trained = await trainBpe(words, {
    vocabSize,
    checkpointEvery,
    signal,
    ...(resumeFrom ? { resumeFrom } : {}),
    onCheckpoint: (checkpoint) => writeJsonAtomically(checkpointFile, checkpoint),
    onProgress: (size) => {
      for (; reached < size; reached++) merging.tick('tokens');
    },
  }).catch((error: unknown) => {
    if (signal.aborted) {
      process.stderr.write(
        `\nconfu tokenizer: stopped; continue with the same command and --resume\n`,
      );
    }
    throw error;
  });
  merging.finish();
  const finished = performance.now();

  const { tokenizerJson, tokenizerConfig } = bpeTokenizerFiles(trained);
  const summary = {
    out,
    vocabSize: trained.tokens.length,
    merges: trained.merges.length,
    specialTokens,
    corpus: files,
    ...window,
    corpusBytes: bytes,
    distinctWords: words.counts.size,
    countSeconds: seconds(counted - started),
    mergeSeconds: seconds(finished - counted),
  };
  await writeJsonAtomically(join(out, 'tokenizer.json'), tokenizerJson);
  await writeJsonAtomically(join(out, 'tokenizer_config.json'), tokenizerConfig);
  await writeJsonAtomically(join(out, 'training.json'), summary);
  await rm(checkpointFile, { force: true });
  if (trained.tokens.length < vocabSize) {
    process.stderr.write(
      `confu tokenizer: the corpus ran out of pairs at ${trained.tokens.length} tokens (asked ${vocabSize})\n`,
    );
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

/** Creates `out`, refusing one that holds files: a finished tokenizer is never overwritten. */
async function prepareOut(out: string): Promise<undefined> {
  const existing = await readdir(out).catch(() => undefined);
  if (existing !== undefined && existing.length > 0) {
    const hint = existing.includes(checkpointName) ? ' (pass --resume to continue it)' : '';
    throw new ConfuError('INVALID_ARGUMENT', `--out ${out} already exists and is not empty${hint}`);
  }
  await mkdir(out, { recursive: true });
  return undefined;
}

async function readCheckpoint(file: string): Promise<BpeCheckpoint> {
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new ConfuError('FILE_NOT_FOUND', `--resume: ${file} does not exist`, { cause: error });
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfuError('INVALID_FILE', `${file} is not valid JSON`, { cause: error });
  }
  return parseBpeCheckpoint(value, file);
}

/** Write then rename, so an interruption leaves the previous file whole. */
async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await writeFile(`${file}.tmp`, `${JSON.stringify(value)}\n`);
  await rename(`${file}.tmp`, file);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function seconds(milliseconds: number): number {
  return Math.round(milliseconds) / 1000;
}
