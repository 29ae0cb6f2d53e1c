import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importLlama2c } from '@confu/checkpoint';
import { randomDecoderWeights } from '@confu/checkpoint/testing';
import { hasStories260k, stories260kDirectory } from '@internal/test-utils';
import { describe, expect, it } from 'vitest';
import { memorySink, readGguf } from './__fixtures__/read-gguf.js';
import { llama2cVocabulary } from './llama2c-vocabulary.js';
import { writeLlamaGguf } from './write-llama-gguf.js';
import type { GgufDtype } from './llama-gguf-tensors.js';
import type { LlamaGgufVocabulary } from './gguf-vocabulary.js';

const haveStories = hasStories260k('GGUF export of stories260K');
const readStories = (name: string) =>
  new Uint8Array(readFileSync(join(stories260kDirectory, name)));

async function exportStories(dtype: GgufDtype) {
  const checkpoint = readStories('stories260K.bin');
  const weights = importLlama2c(checkpoint, { name: 'stories260K.bin' });
  const vocabulary = llama2cVocabulary(readStories('tok512.bin'), {
    vocabSize: 512,
  });
  const sink = memorySink();
  await writeLlamaGguf(sink, weights, vocabulary, { dtype, name: 'stories260K' });
  return { checkpoint, parsed: readGguf(sink.bytes()), chunks: sink.chunks };
}

function value(parsed: ReturnType<typeof readGguf>, key: string): unknown {
  return parsed.metadata.get(key)?.value;
}

const layerTensors = [
  'attn_norm',
  'attn_q',
  'attn_k',
  'attn_v',
  'attn_output',
  'ffn_norm',
  'ffn_gate',
  'ffn_up',
  'ffn_down',
];

describe.skipIf(!haveStories)('writeLlamaGguf on stories260K', () => {
  it('writes llama.cpp metadata for the llama architecture', async () => {
    const { parsed } = await exportStories('f32');

    const scalars = Object.fromEntries(
      [...parsed.metadata].filter(([, entry]) => entry.type !== 9).map(([k, v]) => [k, v.value]),
    );
    expect(scalars).toEqual({
      'general.architecture': 'llama',
      'general.type': 'model',
      'general.name': 'stories260K',
      'general.file_type': 0,
      'general.quantization_version': 2,
      'general.alignment': 32,
      'llama.vocab_size': 512,
      'llama.context_length': 512,
      'llama.embedding_length': 64,
      'llama.block_count': 5,
      'llama.feed_forward_length': 172,
      'llama.attention.head_count': 8,
      'llama.attention.head_count_kv': 4,
      'llama.rope.dimension_count': 8,
      'llama.rope.freq_base': 10000,
      'llama.attention.layer_norm_rms_epsilon': Math.fround(1e-5),
      'tokenizer.ggml.model': 'llama',
      'tokenizer.ggml.pre': 'default',
      'tokenizer.ggml.bos_token_id': 1,
      'tokenizer.ggml.eos_token_id': 2,
      'tokenizer.ggml.unknown_token_id': 0,
      'tokenizer.ggml.add_bos_token': true,
      'tokenizer.ggml.add_eos_token': false,
    });
  });

  it('writes the SentencePiece pieces, scores and token types of tok512.bin', async () => {
    const { parsed } = await exportStories('f32');

    const tokens = value(parsed, 'tokenizer.ggml.tokens') as string[];
    const types = value(parsed, 'tokenizer.ggml.token_type') as number[];
    const scores = value(parsed, 'tokenizer.ggml.scores') as number[];
    expect(tokens.slice(0, 4)).toEqual(['<unk>', '<s>', '</s>', '<0x00>']);
    expect(types.slice(0, 4)).toEqual([2, 3, 3, 6]);
    expect(tokens[258]).toBe('<0xFF>');
    expect(types.slice(3, 259).every((type) => type === 6)).toBe(true);
    expect(types.slice(259).every((type) => type === 1)).toBe(true);
    expect(tokens.filter((token) => token.includes(' '))).toEqual([]);
    expect(tokens).toContain('\u2581the');
    expect(scores).toHaveLength(512);
  });

  it('names every tensor as llama.cpp does, leaving output.weight out when tied', async () => {
    const { parsed, chunks } = await exportStories('f32');

    expect(parsed.tensors.map((tensor) => tensor.name)).toEqual([
      'token_embd.weight',
      ...[0, 1, 2, 3, 4].flatMap((layer) => layerTensors.map((t) => `blk.${layer}.${t}.weight`)),
      'output_norm.weight',
    ]);
    const shapes = Object.fromEntries(parsed.tensors.map((t) => [t.name, t.ne]));
    expect(shapes['token_embd.weight']).toEqual([64, 512]);
    expect(shapes['blk.0.attn_k.weight']).toEqual([64, 32]);
    expect(shapes['blk.0.ffn_down.weight']).toEqual([172, 64]);
    expect(shapes['blk.0.attn_norm.weight']).toEqual([64]);
    // One chunk for the header, one per tensor, one per tensor that needs padding.
    expect(chunks).toBeGreaterThanOrEqual(1 + parsed.tensors.length);
  });

  it('stores attn_q / attn_k in the interleaved layout of the llama2.c checkpoint itself', async () => {
    const { checkpoint, parsed } = await exportStories('f32');

    const floats = new Float32Array(checkpoint.slice(28).buffer);
    const [V, h, L, kvDim] = [512, 64, 5, 32];
    const wqStart = V * h + L * h;
    const wkStart = wqStart + L * h * h;
    const layer = 3;
    const fileWq = floats.subarray(wqStart + layer * h * h, wqStart + (layer + 1) * h * h);
    const fileWk = floats.subarray(wkStart + layer * kvDim * h, wkStart + (layer + 1) * kvDim * h);
    const fileEmbedding = floats.subarray(0, V * h);

    const tensor = (name: string, count: number) =>
      new Float32Array(parsed.tensorBytes(name, 4 * count).slice().buffer);
    expect(tensor(`blk.${layer}.attn_q.weight`, h * h)).toEqual(fileWq);
    expect(tensor(`blk.${layer}.attn_k.weight`, kvDim * h)).toEqual(fileWk);
    expect(tensor('token_embd.weight', V * h)).toEqual(fileEmbedding);
  });

  it.each([
    ['q8_0', 7, 8],
    ['q4_0', 2, 2],
  ] as const)(
    '%s: quantizes matrices, keeps norms f32, falls back to f16 for 172-wide rows',
    async (dtype, fileType, ggmlType) => {
      const { parsed } = await exportStories(dtype);

      const types = Object.fromEntries(parsed.tensors.map((t) => [t.name, t.type]));
      expect(value(parsed, 'general.file_type')).toBe(fileType);
      expect(types['token_embd.weight']).toBe(ggmlType);
      expect(types['blk.2.attn_q.weight']).toBe(ggmlType);
      expect(types['blk.2.ffn_gate.weight']).toBe(ggmlType);
      expect(types['blk.2.ffn_down.weight']).toBe(1);
      expect(types['blk.2.ffn_norm.weight']).toBe(0);
      expect(types['output_norm.weight']).toBe(0);
    },
  );
});

describe('writeLlamaGguf on other Llama-family shapes', () => {
  const vocabulary = (size: number): LlamaGgufVocabulary => ({
    model: 'llama',
    tokens: Array.from({ length: size }, (_, id) => `t${id}`),
    scores: new Float32Array(size),
    tokenTypes: new Int32Array(size).fill(1),
    bosTokenId: 1,
    eosTokenId: 2,
    unknownTokenId: 0,
  });
  const write = async (weights: ReturnType<typeof randomDecoderWeights>) => {
    const sink = memorySink();
    await writeLlamaGguf(sink, weights, vocabulary(weights.config.vocabSize), { dtype: 'f32' });
    return readGguf(sink.bytes());
  };

  it('writes output.weight when untied and key/value lengths when headDim is explicit', async () => {
    const weights = randomDecoderWeights({
      hiddenSize: 32,
      numHeads: 4,
      numKvHeads: 2,
      headDim: 16,
      tiedEmbeddings: false,
    });

    const parsed = await write(weights);

    expect(parsed.tensors.at(-1)).toMatchObject({ name: 'output.weight', ne: [32, 64] });
    expect(value(parsed, 'llama.attention.key_length')).toBe(16);
    expect(value(parsed, 'llama.attention.value_length')).toBe(16);
    expect(value(parsed, 'llama.rope.dimension_count')).toBe(16);
  });

  it('writes rope_freqs.weight for Llama 3.1 RoPE scaling', async () => {
    const weights = randomDecoderWeights({
      hiddenSize: 32,
      numHeads: 2,
      numKvHeads: 2,
      headDim: 16,
      ropeTheta: 500000,
      ropeScaling: {
        type: 'llama3',
        factor: 8,
        lowFreqFactor: 1,
        highFreqFactor: 4,
        originalMaxPositionEmbeddings: 8192,
      },
    });

    const parsed = await write(weights);
    const factors = new Float32Array(parsed.tensorBytes('rope_freqs.weight', 32).slice().buffer);

    expect(parsed.tensors.find((t) => t.name === 'rope_freqs.weight')?.ne).toEqual([8]);
    expect(factors[0]).toBe(1);
    expect(factors[7]).toBe(8);
  });

  it('pads a smaller vocabulary with unused [PAD] tokens and stores the embedding at its own type', async () => {
    const llama = randomDecoderWeights({ hiddenSize: 32, numHeads: 2, numKvHeads: 2, headDim: 16 });
    const sink = memorySink();
    await writeLlamaGguf(sink, llama, vocabulary(10), { dtype: 'q4_0', embeddingDtype: 'q8_0' });
    const parsed = readGguf(sink.bytes());
    const tokens = value(parsed, 'tokenizer.ggml.tokens') as string[];
    const types = value(parsed, 'tokenizer.ggml.token_type') as number[];
    expect(tokens).toHaveLength(64);
    expect(tokens.slice(9, 12)).toEqual(['t9', '[PAD10]', '[PAD11]']);
    expect(types.slice(9, 12)).toEqual([1, 5, 5]);
    const typeOf = (name: string) => parsed.tensors.find((tensor) => tensor.name === name)?.type;
    // ggml type ids: q4_0 = 2, q8_0 = 8.
    expect(typeOf('blk.0.attn_q.weight')).toBe(2);
    expect(typeOf('token_embd.weight')).toBe(8);
  });

  it('refuses Qwen2 / Qwen3 decoders and a vocabulary of the wrong size', async () => {
    const qwen2 = randomDecoderWeights({
      hiddenSize: 32,
      numHeads: 2,
      numKvHeads: 2,
      headDim: 16,
      qkvBias: true,
    });
    const qwen3 = randomDecoderWeights({
      hiddenSize: 32,
      numHeads: 2,
      numKvHeads: 2,
      headDim: 16,
      qkNorm: true,
    });
    const llama = randomDecoderWeights({ hiddenSize: 32, numHeads: 2, numKvHeads: 2, headDim: 16 });
    const sink = memorySink();

    await expect(write(qwen2)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(write(qwen3)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(
      writeLlamaGguf(sink, llama, vocabulary(100), { dtype: 'f32' }),
    ).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
    await expect(
      writeLlamaGguf(sink, llama, vocabulary(64), { dtype: 'q5_k' as never }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
