import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { encodeOnnxModel } from './onnx-writer.js';

const { onnx } = onnxProto;

describe('encodeOnnxModel', () => {
  it('writes inline and 64-byte aligned external initializers', () => {
    const { model, externalData } = encodeOnnxModel({
      inputs: [{ name: 'x', dtype: 'float32', dims: ['n', 3] }],
      outputs: [{ name: 'y', dtype: 'float32', dims: ['n', 3] }],
      nodes: [{ op: 'Add', inputs: ['x', 'w'], outputs: ['y'] }],
      initializers: [
        { name: 'bias', dtype: 'int64', dims: [1], data: BigInt64Array.of(5n) },
        { name: 'u', dtype: 'uint8', dims: [3], data: Uint8Array.of(1, 2, 3), external: true },
        { name: 'w', dtype: 'float32', dims: [3], data: Float32Array.of(1, 2, 3), external: true },
      ],
    });

    // toObject gives plain values (numbers for int64 fields, arrays for bytes) to compare.
    const decoded = onnx.ModelProto.toObject(onnx.ModelProto.decode(model), {
      longs: Number,
      bytes: Array,
    });

    expect(decoded).toMatchObject({
      irVersion: 10,
      opsetImport: [{ version: 17 }],
      graph: {
        input: [{ type: { tensorType: { shape: { dim: [{ dimParam: 'n' }, { dimValue: 3 }] } } } }],
        initializer: [
          { name: 'bias', dataType: 7, rawData: [5, 0, 0, 0, 0, 0, 0, 0] },
          {
            name: 'u',
            dataLocation: 1,
            externalData: [
              { key: 'location', value: 'weights.bin' },
              { key: 'offset', value: '0' },
              { key: 'length', value: '3' },
            ],
          },
          { name: 'w', externalData: [{}, { key: 'offset', value: '64' }, { value: '12' }] },
        ],
      },
    });
    expect(externalData).toHaveLength(1);
    expect(externalData[0]?.data.length).toBe(76);
    expect(new Float32Array(externalData[0]?.data.slice(64).buffer ?? new ArrayBuffer(0))).toEqual(
      Float32Array.of(1, 2, 3),
    );
  });

  it('writes no external data file when every initializer is inline', () => {
    const { externalData } = encodeOnnxModel({
      inputs: [{ name: 'x', dtype: 'bool', dims: [1] }],
      outputs: [{ name: 'y', dtype: 'bool', dims: [1] }],
      nodes: [{ op: 'Not', inputs: ['x'], outputs: ['y'] }],
    });

    expect(externalData).toEqual([]);
  });
});
