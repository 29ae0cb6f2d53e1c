// Vocabulary size for the default TinyStories tokenizer, by measurement: trains byte-level BPEs of
// several sizes on a training slice and reports UTF-8 bytes per token on held-out text (encoded by
// @huggingface/tokenizers, no BOS), with the embedding / LM-head cost of a reference model.
// Slices (line-aligned; the 1,042 stories of stories.jsonl, dev stories included, are the first
// 864,496 bytes of the lower-cased file and are never read from it):
//   train     tinystories_train.txt [0, 80 %)  +  lower-cased file [864,496, 90 % of the rest)
//   held-out  tinystories_train.txt [80 %, end) (cased)  and  the lower-cased file's last 10 %
// Usage: node --conditions=@confu/source --import tsx apps/cli/bench/tokenizer-vocab.ts
//          [--shared ../shared] [--sizes 512,1024,2048,4096,8192] [--hidden 192] [--layers 8]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  WordCounter,
  bpeTokenizerFiles,
  loadHfTokenizer,
  loadLlama2cTokenizer,
  trainBpe,
} from '@confu/tokenizer';

type Tokenizer = ReturnType<typeof loadHfTokenizer>;

const { values } = parseArgs({
  options: {
    shared: { type: 'string', default: join(import.meta.dirname, '../../../../shared') },
    sizes: { type: 'string', default: '512,1024,2048,4096,8192' },
    hidden: { type: 'string', default: '192' },
    layers: { type: 'string', default: '8' },
    ffn: { type: 'string', default: '512' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const [hidden, layers, ffn] = [values.hidden, values.layers, values.ffn].map(Number) as [
  number,
  number,
  number,
];
const firstUnseenLowercased = 864_496;

const directory = join(values.shared, 'corpora', 'tinystories');
const cased = readFileSync(join(directory, 'tinystories_train.txt'));
const lower = readFileSync(join(directory, 'tinystories_more_lowercased.txt')).subarray(
  firstUnseenLowercased,
);
const decode = (bytes: Uint8Array): string =>
  new TextDecoder('utf-8', { fatal: true }).decode(bytes);
/** Index just after the first newline at or after `fraction` of `bytes`. */
const lineAt = (bytes: Uint8Array, fraction: number): number =>
  bytes.indexOf(0x0a, Math.floor(bytes.length * fraction)) + 1;
const casedCut = lineAt(cased, 0.8);
const lowerCut = lineAt(lower, 0.9);
const casedTrain = decode(cased.subarray(0, casedCut));
const slices = {
  train: casedTrain + decode(lower.subarray(0, lowerCut)),
  heldOutCased: decode(cased.subarray(casedCut)),
  heldOutLower: decode(lower.subarray(lowerCut)),
};

function count(text: string) {
  const counter = new WordCounter(['<s>', '</s>']);
  counter.add(text);
  return counter.finish();
}

function bytesPerToken(tokenizer: Tokenizer, text: string): number {
  const bytes = new TextEncoder().encode(text).length;
  return bytes / tokenizer.encode(text, { addSpecialTokens: false }).length;
}

async function train(text: string, vocabSize: number) {
  const started = performance.now();
  const words = count(text);
  const counted = performance.now();
  const trained = await trainBpe(words, { vocabSize });
  const seconds = (performance.now() - counted) / 1000;
  const { tokenizerJson, tokenizerConfig } = bpeTokenizerFiles(trained);
  const tokenizer = loadHfTokenizer(tokenizerJson, { config: tokenizerConfig });
  return { tokenizer, trained, countSeconds: (counted - started) / 1000, mergeSeconds: seconds };
}

const bodyParameters = layers * (4 * hidden * hidden + 3 * hidden * ffn);
const megabytes = (parameters: number): string => ((2 * parameters) / 2 ** 20).toFixed(2);
const trainBytes = new TextEncoder().encode(slices.train).length;
process.stdout.write(
  `train slice ${trainBytes} B (cased ${casedCut} B + lower-cased ${lowerCut} B), held-out cased ${cased.length - casedCut} B, lower-cased ${lower.length - lowerCut} B\n` +
    `reference model: ${layers} layers, hidden ${hidden}, SwiGLU ${ffn}: body ${bodyParameters} parameters (${megabytes(bodyParameters)} MB fp16)\n\n`,
);
process.stdout.write(
  '| vocab | bytes/token held-out cased | bytes/token held-out lower | cased-only training: cased | embedding V·h (MB fp16) | total fp16 MB tied / untied | MFLOP per byte (tied) | merges/s |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n',
);
for (const vocabSize of sizes) {
  const run = await train(slices.train, vocabSize);
  const casedOnly = await train(casedTrain, vocabSize);
  const cased = bytesPerToken(run.tokenizer, slices.heldOutCased);
  const embedding = vocabSize * hidden;
  // Per token: 2 FLOP per weight of the body and of the LM head (the embedding is a lookup).
  const flopPerByte = (2 * (bodyParameters + embedding)) / cased;
  const row = [
    vocabSize,
    cased.toFixed(3),
    bytesPerToken(run.tokenizer, slices.heldOutLower).toFixed(3),
    bytesPerToken(casedOnly.tokenizer, slices.heldOutCased).toFixed(3),
    megabytes(embedding),
    `${megabytes(bodyParameters + embedding)} / ${megabytes(bodyParameters + 2 * embedding)}`,
    (flopPerByte / 1e6).toFixed(3),
    Math.round(run.trained.merges.length / run.mergeSeconds),
  ];
  process.stdout.write(`| ${row.join(' | ')} |\n`);
}

// For comparison: stories260K's own 512-token SentencePiece vocabulary (llama2.c tok512.bin).
const tok512 = join(values.shared, 'models', 'stories260K', 'tok512.bin');
if (existsSync(tok512)) {
  const reference = loadLlama2cTokenizer(new Uint8Array(readFileSync(tok512)), { name: tok512 });
  const cased = bytesPerToken(reference, slices.heldOutCased).toFixed(3);
  const lower = bytesPerToken(reference, slices.heldOutLower).toFixed(3);
  process.stdout.write(
    `\nstories260K tok512.bin (512, SentencePiece): held-out cased ${cased}, lower-cased ${lower} bytes/token\n`,
  );
}
