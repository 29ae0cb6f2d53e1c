import { describe, expect, it } from 'vitest';
import { memorySink, readGguf } from './__fixtures__/read-gguf.js';
import { gguf } from './gguf-metadata.js';
import { writeGguf } from './write-gguf.js';
import type { GgufTensor } from './write-gguf.js';

const f32Tensor = (name: string, shape: number[], values: number[]): GgufTensor => ({
  name,
  shape,
  type: 'f32',
  data: () => new Uint8Array(Float32Array.from(values).buffer),
});

describe('writeGguf', () => {
  it('writes a header, metadata and tensor infos that an independent reader parses back', async () => {
    const sink = memorySink();
    const metadata = [
      gguf.string('general.architecture', 'llama'),
      gguf.uint32('llama.block_count', 5),
      gguf.float32('llama.rope.freq_base', 10000),
      gguf.bool('tokenizer.ggml.add_bos_token', true),
      gguf.strings('tokenizer.ggml.tokens', ['<unk>', '▁a', 'é']),
      gguf.float32s('tokenizer.ggml.scores', [0, -1.5, 2]),
      gguf.int32s('tokenizer.ggml.token_type', [2, 1, -1]),
    ];
    const tensors = [
      f32Tensor('a.weight', [2, 3], [1, 2, 3, 4, 5, 6]),
      f32Tensor('b', [5], [7, 8, 9, 10, 11]),
    ];

    const written = await writeGguf(sink, { metadata, tensors });
    const bytes = sink.bytes();
    const parsed = readGguf(bytes);

    expect(written).toBe(bytes.length);
    expect(parsed.magic).toBe('GGUF');
    expect(parsed.version).toBe(3);
    expect(Object.fromEntries(parsed.metadata)).toEqual({
      'general.architecture': { type: 8, value: 'llama' },
      'llama.block_count': { type: 4, value: 5 },
      'llama.rope.freq_base': { type: 6, value: 10000 },
      'tokenizer.ggml.add_bos_token': { type: 7, value: true },
      'tokenizer.ggml.tokens': { type: 9, elementType: 8, value: ['<unk>', '▁a', 'é'] },
      'tokenizer.ggml.scores': { type: 9, elementType: 6, value: [0, -1.5, 2] },
      'tokenizer.ggml.token_type': { type: 9, elementType: 5, value: [2, 1, -1] },
    });
    expect(parsed.tensors).toEqual([
      { name: 'a.weight', ne: [3, 2], type: 0, offset: 0 },
      { name: 'b', ne: [5], type: 0, offset: 32 },
    ]);
    expect(parsed.dataOffset % 32).toBe(0);
    expect(Array.from(new Float32Array(parsed.tensorBytes('a.weight', 24).slice().buffer))).toEqual(
      [1, 2, 3, 4, 5, 6],
    );
    expect(Array.from(new Float32Array(parsed.tensorBytes('b', 20).slice().buffer))).toEqual([
      7, 8, 9, 10, 11,
    ]);
    // Every tensor is padded to 32 bytes, the last one too, with zeros.
    expect(bytes.length).toBe(parsed.dataOffset + 64);
    expect(
      bytes.subarray(parsed.dataOffset + 24, parsed.dataOffset + 32).every((b) => b === 0),
    ).toBe(true);
  });

  it('produces each tensor only when writing it', async () => {
    const produced: string[] = [];
    const sink = {
      write: (chunk: Uint8Array) => void produced.push(`write ${chunk.length}`),
    };
    const tensor = (name: string): GgufTensor => ({
      name,
      shape: [8],
      type: 'f32',
      data: () => (produced.push(name), new Uint8Array(32)),
    });

    await writeGguf(sink, { metadata: [], tensors: [tensor('x'), tensor('y')] });

    expect(produced.slice(1)).toEqual(['x', 'write 32', 'y', 'write 32']);
  });

  it('rejects duplicate names, rows that do not fill blocks and data of the wrong length', async () => {
    const sink = memorySink();
    const twice = [f32Tensor('x', [1], [1]), f32Tensor('x', [1], [2])];
    const ragged: GgufTensor = {
      name: 'q',
      shape: [2, 48],
      type: 'q8_0',
      data: () => new Uint8Array(0),
    };
    const short = f32Tensor('s', [4], [1, 2, 3]);

    await expect(writeGguf(sink, { metadata: [], tensors: twice })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: 'tensor `x` appears twice',
    });
    await expect(writeGguf(sink, { metadata: [], tensors: [ragged] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(writeGguf(sink, { metadata: [], tensors: [short] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: 'tensor `s` (f32, shape [4]) needs 16 bytes, got 12',
    });
  });
});
