import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { huggingFaceBpeVocabulary, llamaGgufContent } from '@confu/gguf';
import { writeGgufFile } from '@confu/gguf/node';
import { hasSharedData, sharedPath } from '@internal/test-utils';
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import type { Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Byte-level BPE vocabularies written by @confu/gguf, tokenized by llama.cpp (node-llama-cpp),
// against the Python transformers ids of llama.cpp's own vocabulary test strings.
const cases = [
  { folder: 'gpt2', reference: 'ggml-vocab-gpt-2', vocabSize: 50257, eos: 50256 },
  { folder: 'smollm2-135m-instruct', reference: 'ggml-vocab-smollm', vocabSize: 49152, eos: 2 },
];
const hasTokenizers = hasSharedData(
  'GGUF byte-level BPE vocabularies in llama.cpp',
  ...cases.flatMap(({ folder, reference }) => [
    `tokenizers/${folder}/tokenizer.json`,
    `tokenizers/${folder}/reference/${reference}.gguf.inp`,
    `tokenizers/${folder}/reference/${reference}.gguf.out`,
  ]),
);

type Weights = Parameters<typeof llamaGgufContent>[0];

/** A one-layer decoder of zeros: only the vocabulary matters here. */
function zeroDecoder(vocabSize: number): Weights {
  const h = 32;
  const zeros = (length: number) => new Float32Array(length);
  return {
    config: {
      hiddenSize: h,
      intermediateSize: 32,
      numLayers: 1,
      numHeads: 1,
      numKvHeads: 1,
      headDim: h,
      vocabSize,
      contextLength: 64,
      ropeTheta: 10000,
      rmsNormEps: 1e-5,
      tiedEmbeddings: true,
      qkvBias: false,
      qkNorm: false,
    },
    embedding: zeros(vocabSize * h),
    layers: [
      {
        attentionNorm: zeros(h),
        wq: zeros(h * h),
        wk: zeros(h * h),
        wv: zeros(h * h),
        wo: zeros(h * h),
        mlpNorm: zeros(h),
        wGate: zeros(32 * h),
        wUp: zeros(32 * h),
        wDown: zeros(32 * h),
      },
    ],
    finalNorm: zeros(h),
  };
}

describe.skipIf(!hasTokenizers)('byte-level BPE GGUF vocabularies in llama.cpp', () => {
  let directory: string;
  let llama: Llama;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'confu-gguf-vocab-'));
    llama = await getLlama({
      gpu: false,
      build: 'never',
      skipDownload: true,
      progressLogs: false,
      logLevel: LlamaLogLevel.error,
      maxThreads: 1,
    });
  });

  afterAll(async () => {
    await llama?.dispose();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it.each(cases)(
    '$folder: tokenizes llama.cpp test strings as transformers does',
    async (entry) => {
      const folder = `tokenizers/${entry.folder}`;
      const json: unknown = JSON.parse(
        await readFile(sharedPath(`${folder}/tokenizer.json`), 'utf8'),
      );
      const vocabulary = huggingFaceBpeVocabulary(json, {
        vocabSize: entry.vocabSize,
        eosTokenId: entry.eos,
      });
      const file = join(directory, `${entry.folder}.gguf`);
      await writeGgufFile(
        file,
        llamaGgufContent(zeroDecoder(entry.vocabSize), vocabulary, { dtype: 'q8_0' }),
      );
      const read = async (extension: string) =>
        (
          await readFile(
            sharedPath(`${folder}/reference/${entry.reference}.gguf.${extension}`),
            'utf8',
          )
        ).split('\n__ggml_vocab_test__\n');
      const inputs = await read('inp');
      const expected = (
        await readFile(sharedPath(`${folder}/reference/${entry.reference}.gguf.out`), 'utf8')
      )
        .split('\n')
        .slice(0, inputs.length)
        .map((line) => line.trim().split(' ').filter(Boolean).map(Number));

      const model = await llama.loadModel({ modelPath: file, vocabOnly: true });
      try {
        const tokenized = inputs.map((text) => Array.from(model.tokenize(text)));
        const mismatches = inputs.filter(
          (_, i) => JSON.stringify(tokenized[i]) !== JSON.stringify(expected[i]),
        );

        expect(inputs.length).toBeGreaterThan(40);
        expect(mismatches).toEqual([]);
      } finally {
        await model.dispose();
      }
    },
  );
});
