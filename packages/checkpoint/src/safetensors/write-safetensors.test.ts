import { ConfuError } from '@confu/errors';
import { describe, expect, it } from 'vitest';
import { createMemoryFileSource } from '../memory-file-source.js';
import type { FileSource } from '@confu/core';
import { readSafetensorsHeader } from './read-safetensors-header.js';
import { readFloat32Tensor, readTensor } from './read-tensor.js';
import { streamSafetensors, writeSafetensors } from './write-safetensors.js';
import type { SafetensorsTensorInput } from './write-safetensors.js';

const tensors: Record<string, SafetensorsTensorInput> = {
  'w.f32': { dtype: 'F32', shape: [2, 3], data: new Float32Array([1, -2, 3.5, NaN, Infinity, -0]) },
  'w.f16': { dtype: 'F16', shape: [3], data: new Float32Array([0.5, -65504, 2 ** -24]) },
  'w.bf16': { dtype: 'BF16', shape: [2], data: new Float32Array([1.5, -(2 ** 100)]) },
  f64: { dtype: 'F64', shape: [1], data: new Float64Array([Math.PI]) },
  d2t: { dtype: 'I64', shape: [3], data: new BigInt64Array([0n, -5n, 2n ** 40n]) },
  i32: { dtype: 'I32', shape: [2, 1], data: new Int32Array([-7, 2 ** 31 - 1]) },
  t2d: { dtype: 'BOOL', shape: [4], data: new Uint8Array([1, 0, 0, 1]) },
  u8: { dtype: 'U8', shape: [1], data: new Uint8Array([255]) },
  i8: { dtype: 'I8', shape: [1], data: new Int8Array([-128]) },
  u16: { dtype: 'U16', shape: [1], data: new Uint16Array([65535]) },
  scalar: { dtype: 'F32', shape: [], data: new Float32Array([42]) },
  empty: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
  '7': { dtype: 'U8', shape: [0], data: new Uint8Array(0) },
};

async function open(
  file: Uint8Array,
): Promise<{ source: FileSource; header: Awaited<ReturnType<typeof readSafetensorsHeader>> }> {
  const source = createMemoryFileSource({ 'a.safetensors': file });
  return { source, header: await readSafetensorsHeader(source, 'a.safetensors') };
}

describe('writeSafetensors', () => {
  it('round-trips every dtype, scalars and empty tensors', async () => {
    const { source, header } = await open(writeSafetensors(tensors, { format: 'pt' }));
    expect(header.metadata).toEqual({ format: 'pt' });
    expect(header.tensors.size).toBe(Object.keys(tensors).length);
    for (const [name, tensor] of Object.entries(tensors)) {
      expect(header.tensors.get(name)?.shape).toEqual(tensor.shape);
      expect(header.tensors.get(name)?.dtype).toBe(tensor.dtype);
      expect(await readTensor(source, header, name), name).toEqual(tensor.data);
    }
    expect(header.tensors.get('scalar')?.numel).toBe(1);
    expect(header.tensors.get('empty')?.numel).toBe(0);
  });

  it('writes the layout of the reference: padded header, tensors by item size then name', () => {
    const file = writeSafetensors({
      b: { dtype: 'F32', shape: [1], data: new Float32Array([1]) },
      a: { dtype: 'F32', shape: [1], data: new Float32Array([2]) },
      c: { dtype: 'F16', shape: [1], data: new Float32Array([3]) },
      d: { dtype: 'I64', shape: [1], data: new BigInt64Array([4n]) },
    });
    const headerLength = Number(new DataView(file.buffer).getBigUint64(0, true));
    expect(headerLength % 8).toBe(0);
    const text = new TextDecoder().decode(file.subarray(8, 8 + headerLength));
    expect(text.trimEnd()).toBe(
      '{"d":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},' +
        '"a":{"dtype":"F32","shape":[1],"data_offsets":[8,12]},' +
        '"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]},' +
        '"c":{"dtype":"F16","shape":[1],"data_offsets":[16,18]}}',
    );
    expect(text.slice(text.trimEnd().length)).toMatch(/^ *$/);
    expect(file.length).toBe(8 + headerLength + 18);
  });

  it('writes an empty file as {} padded to 8 bytes', async () => {
    const file = writeSafetensors({});
    expect([...file]).toEqual([8, 0, 0, 0, 0, 0, 0, 0, ...new TextEncoder().encode('{}      ')]);
    expect((await open(file)).header.tensors.size).toBe(0);
  });

  it('reads only the requested tensor range', async () => {
    const file = writeSafetensors(tensors);
    const inner = createMemoryFileSource({ 'a.safetensors': file });
    const reads: [number, number][] = [];
    const source: FileSource = {
      ...inner,
      read: (name, range) => {
        reads.push([range?.start ?? 0, range?.end ?? file.length]);
        return inner.read(name, range);
      },
    };
    const header = await readSafetensorsHeader(source, 'a.safetensors');
    reads.length = 0;
    await readFloat32Tensor(source, header, 'w.f16');
    const [begin, end] = header.tensors.get('w.f16')?.dataOffsets ?? [0, 0];
    expect(reads).toEqual([[header.dataStart + begin, header.dataStart + end]]);
  });

  it('returns arrays that do not alias the source', async () => {
    const file = writeSafetensors({ x: { dtype: 'F32', shape: [1], data: new Float32Array([1]) } });
    const { source, header } = await open(file);
    const data = (await readTensor(source, header, 'x')) as Float32Array;
    data[0] = 9;
    expect(await readTensor(source, header, 'x')).toEqual(new Float32Array([1]));
  });

  it('refuses non-float tensors as weights and unknown names', async () => {
    const { source, header } = await open(writeSafetensors(tensors));
    await expect(readFloat32Tensor(source, header, 'd2t')).rejects.toThrow(
      /memory\/a.safetensors.*"d2t".*I64/,
    );
    await expect(readTensor(source, header, 'nope')).rejects.toMatchObject({
      code: 'INVALID_FILE',
    });
  });

  it('rejects bad input with INVALID_ARGUMENT', () => {
    const bad: Record<string, SafetensorsTensorInput>[] = [
      { x: { dtype: 'F32', shape: [3], data: new Float32Array(2) } },
      { x: { dtype: 'F32', shape: [-1], data: new Float32Array(0) } },
      { x: { dtype: 'BOOL', shape: [1], data: new Uint8Array([2]) } },
      { x: { dtype: 'I32', shape: [1], data: new Float32Array(1) as unknown as Int32Array } },
      { x: { dtype: 'F8' as 'F32', shape: [1], data: new Float32Array(1) } },
      { __metadata__: { dtype: 'F32', shape: [1], data: new Float32Array(1) } },
    ];
    for (const input of bad) {
      expect(() => writeSafetensors(input)).toThrow(ConfuError);
    }
    expect(() => writeSafetensors({}, { a: 1 as unknown as string })).toThrow(/"a"/);
  });

  it('streams the same bytes tensor by tensor, building each when it is written', async () => {
    const built: string[] = [];
    const chunks: Uint8Array[] = [];
    const bytes = await streamSafetensors(
      { write: (chunk) => void chunks.push(chunk.slice()) },
      Object.entries(tensors).map(([name, tensor]) => ({
        name,
        dtype: tensor.dtype,
        shape: tensor.shape,
        data: () => {
          built.push(name);
          return tensor.data;
        },
      })),
      { format: 'pt' },
    );
    const streamed = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
    let offset = 0;
    for (const chunk of chunks) {
      streamed.set(chunk, offset);
      offset += chunk.length;
    }
    expect(streamed).toEqual(writeSafetensors(tensors, { format: 'pt' }));
    expect(bytes).toBe(streamed.length);
    expect(built).toHaveLength(Object.keys(tensors).length);
    await expect(
      streamSafetensors({ write: () => {} }, [
        { name: 'x', dtype: 'F32', shape: [2], data: () => new Float32Array(3) },
      ]),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
