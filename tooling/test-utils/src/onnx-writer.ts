import type { DataTypeMap, DType, ExternalDataFile } from '@confu/core';
import onnxProto from 'onnx-proto';

// onnx-proto is CommonJS whose namespace Node cannot detect statically: default import only.
const { onnx } = onnxProto;

// TensorProto.DataType numbers (stable across ONNX versions).
const elementTypes: Record<DType, number> = {
  float32: 1,
  uint8: 2,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
};

/** A graph input or output: a dim is a size or a symbolic name. */
export interface OnnxValueSpec {
  readonly name: string;
  readonly dtype: DType;
  readonly dims: readonly (number | string)[];
}

/**
 * One operator. Attributes are limited to numbers and int lists: an integer is written as an INT
 * attribute, any other number as FLOAT.
 */
export interface OnnxNodeSpec {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, number | readonly number[]>>;
}

/** A constant weight, stored inline or (with `external: true`) in the external data file. */
export interface OnnxInitializerSpec<TType extends DType = DType> {
  readonly name: string;
  readonly dtype: TType;
  readonly dims: readonly number[];
  readonly data: DataTypeMap[TType];
  readonly external?: boolean;
}

/** A whole single-graph model in the default domain. */
export interface OnnxModelSpec {
  readonly inputs: readonly OnnxValueSpec[];
  readonly outputs: readonly OnnxValueSpec[];
  readonly nodes: readonly OnnxNodeSpec[];
  readonly initializers?: readonly OnnxInitializerSpec[];
  /** Default 17. The IR version is 10, which onnxruntime 1.30 node and web accept up to opset 26. */
  readonly opset?: number;
  /** `location` of the external data file. Default `weights.bin`. */
  readonly externalDataPath?: string;
}

/** A serialised model plus the external data file its initializers point to (if any). */
export interface EncodedOnnxModel {
  readonly model: Uint8Array;
  readonly externalData: readonly ExternalDataFile[];
}

/**
 * Serialises a micro ONNX model for tests. External initializers are packed into one file at
 * 64-byte aligned offsets, the layout onnxruntime was measured with.
 */
export function encodeOnnxModel(spec: OnnxModelSpec): EncodedOnnxModel {
  const location = spec.externalDataPath ?? 'weights.bin';
  const chunks: { offset: number; bytes: Uint8Array }[] = [];
  let size = 0;
  const initializer = (init: OnnxInitializerSpec): InstanceType<typeof onnx.TensorProto> => {
    const bytes = new Uint8Array(init.data.buffer, init.data.byteOffset, init.data.byteLength);
    const tensor = { name: init.name, dataType: elementTypes[init.dtype], dims: [...init.dims] };
    if (!init.external) return onnx.TensorProto.create({ ...tensor, rawData: bytes });
    const offset = Math.ceil(size / 64) * 64;
    chunks.push({ offset, bytes });
    size = offset + bytes.length;
    const entries = { location, offset: String(offset), length: String(bytes.length) };
    return onnx.TensorProto.create({
      ...tensor,
      dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
      externalData: Object.entries(entries).map(([key, value]) => ({ key, value })),
    });
  };
  const valueInfo = (value: OnnxValueSpec): InstanceType<typeof onnx.ValueInfoProto> =>
    onnx.ValueInfoProto.create({
      name: value.name,
      type: {
        tensorType: {
          elemType: elementTypes[value.dtype],
          shape: {
            dim: value.dims.map((dim) =>
              typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim },
            ),
          },
        },
      },
    });
  const node = (spec: OnnxNodeSpec, index: number): InstanceType<typeof onnx.NodeProto> =>
    onnx.NodeProto.create({
      name: `${spec.op}_${index}`,
      opType: spec.op,
      input: [...spec.inputs],
      output: [...spec.outputs],
      attribute: Object.entries(spec.attributes ?? {}).map(([name, value]) => {
        const { INT, INTS, FLOAT } = onnx.AttributeProto.AttributeType;
        if (typeof value !== 'number') return { name, type: INTS, ints: [...value] };
        return Number.isInteger(value)
          ? { name, type: INT, i: value }
          : { name, type: FLOAT, f: value };
      }),
    });
  const graph = onnx.GraphProto.create({
    name: 'micro',
    node: spec.nodes.map(node),
    input: spec.inputs.map(valueInfo),
    output: spec.outputs.map(valueInfo),
    initializer: (spec.initializers ?? []).map(initializer),
  });
  const encoded = onnx.ModelProto.encode({
    irVersion: 10,
    producerName: '@internal/test-utils',
    opsetImport: [{ domain: '', version: spec.opset ?? 17 }],
    graph,
  }).finish();
  // Under Node protobufjs returns a pooled Buffer view; hand out a plain, unshared array.
  const model = new Uint8Array(encoded);
  const data = new Uint8Array(size);
  for (const chunk of chunks) data.set(chunk.bytes, chunk.offset);
  return { model, externalData: chunks.length > 0 ? [{ path: location, data }] : [] };
}
