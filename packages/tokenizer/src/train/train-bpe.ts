import { ConfuError } from '@confu/errors';
import { bpeCheckpointFormat, corpusFingerprint } from './bpe-checkpoint.js';
import type { BpeCheckpoint } from './bpe-checkpoint.js';
import { byteToCharacter } from './byte-level-alphabet.js';
import { PairMerger } from './pair-merger.js';
import type { WordCounts } from './word-counter.js';

/** Options of {@link trainBpe}. */
export interface TrainBpeOptions {
  /** Tokens in the result: special tokens + 256 bytes + merged tokens. */
  readonly vocabSize: number;
  /** Merges between two `onCheckpoint` calls. Default 1000. */
  readonly checkpointEvery?: number;
  /** Receives the state to resume from; awaited, so it may write a file. */
  readonly onCheckpoint?: (checkpoint: BpeCheckpoint) => void | Promise<void>;
  /** Called after every merge with the vocabulary size reached. */
  readonly onProgress?: (vocabSize: number) => void;
  /** Continue a run: its merges are replayed (and checked) before training goes on. */
  readonly resumeFrom?: BpeCheckpoint;
  readonly signal?: AbortSignal;
}

/** A trained byte-level BPE vocabulary. */
export interface TrainedBpe {
  readonly specialTokens: readonly string[];
  /** Token strings by id in byte-level characters: special tokens, the 256 bytes, merged tokens. */
  readonly tokens: readonly string[];
  /** Merges in rank order, as token strings. */
  readonly merges: readonly (readonly [string, string])[];
}

const yieldEvery = 256;

/**
 * Trains a GPT-2-style byte-level BPE on pre-tokenized word counts: starting from the 256 bytes,
 * repeatedly merges the most frequent adjacent pair (ties: smaller ids first) until `vocabSize`
 * tokens exist or no pair is left. A merge whose string is already a token reuses its id, as
 * Hugging Face's trainer does. Yields to the event loop now and then so `signal` can stop it.
 * @throws ConfuError `INVALID_ARGUMENT` for a vocabulary smaller than bytes + special tokens or an
 * empty corpus, `INVALID_FILE` for a checkpoint of another corpus or other special tokens.
 */
export async function trainBpe(words: WordCounts, options: TrainBpeOptions): Promise<TrainedBpe> {
  const { specialTokens } = words;
  const { vocabSize, resumeFrom, signal } = options;
  const baseSize = specialTokens.length + 256;
  if (!Number.isInteger(vocabSize) || vocabSize < baseSize) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `vocabulary size ${vocabSize} is smaller than the 256 byte tokens + ${specialTokens.length} special tokens (at least ${baseSize})`,
    );
  }
  if (words.counts.size === 0) {
    throw new ConfuError('INVALID_ARGUMENT', 'the corpus holds no text to train on');
  }
  const corpus = corpusFingerprint(words.counts);
  if (resumeFrom) checkResumable(resumeFrom, specialTokens, corpus);
  const tokens = [...specialTokens, ...byteToCharacter];
  const ids = new Map(tokens.map((token, id) => [token, id]));
  const merger = new PairMerger(symbolsOf(words.counts, specialTokens.length), vocabSize);
  const merges: [number, number][] = [];
  const checkpointEvery = options.checkpointEvery ?? 1000;
  const checkpoint = (): BpeCheckpoint => ({
    format: bpeCheckpointFormat,
    specialTokens,
    corpus,
    merges: merges.map(([left, right]) => [left, right] as const),
  });
  signal?.throwIfAborted();
  while (tokens.length < vocabSize) {
    const pair = merger.best();
    if (pair === undefined) break;
    const [left, right] = pair;
    const replayed = resumeFrom?.merges[merges.length];
    if (replayed && (replayed[0] !== left || replayed[1] !== right)) {
      throw new ConfuError(
        'INVALID_FILE',
        `checkpoint merge ${merges.length} differs from what this corpus gives: not the same corpus`,
      );
    }
    const text = `${tokens[left] as string}${tokens[right] as string}`;
    let id = ids.get(text);
    if (id === undefined) {
      id = tokens.push(text) - 1;
      ids.set(text, id);
    }
    merger.merge(left, right, id);
    merges.push([left, right]);
    options.onProgress?.(tokens.length);
    if (options.onCheckpoint && merges.length % checkpointEvery === 0) {
      await options.onCheckpoint(checkpoint());
    }
    if (merges.length % yieldEvery === 0) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      signal?.throwIfAborted();
    }
  }
  return {
    specialTokens,
    tokens,
    merges: merges.map(([left, right]) => [tokens[left] as string, tokens[right] as string]),
  };
}

function checkResumable(
  checkpoint: BpeCheckpoint,
  specialTokens: readonly string[],
  corpus: string,
): void {
  if (checkpoint.specialTokens.join('\n') !== specialTokens.join('\n')) {
    throw new ConfuError(
      'INVALID_FILE',
      `checkpoint special tokens ${JSON.stringify(checkpoint.specialTokens)} differ from ${JSON.stringify(specialTokens)}`,
    );
  }
  if (checkpoint.corpus !== corpus) {
    throw new ConfuError(
      'INVALID_FILE',
      `checkpoint was made from another corpus (fingerprint ${checkpoint.corpus}, this corpus ${corpus})`,
    );
  }
}

function* symbolsOf(
  counts: ReadonlyMap<string, number>,
  firstByteId: number,
): Generator<[number[], number]> {
  const encoder = new TextEncoder();
  for (const [word, count] of counts) {
    yield [Array.from(encoder.encode(word), (byte) => firstByteId + byte), count];
  }
}
