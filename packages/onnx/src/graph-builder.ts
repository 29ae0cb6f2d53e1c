import type { onnx } from 'onnx-proto';
import { ConfuError } from '@confu/errors';
import { toAttributeProto, type AttributeValue } from './attributes.js';
import { TensorNameScope } from './tensor-name-scope.js';
import { ExternalDataWriter, type ExternalData } from './external-data.js';
import { onnxProto } from './onnx-proto.js';
import {
  elementCountOf,
  onnxDataTypeCode,
  typedArrayBytes,
  type Dim,
  type OnnxArrayMap,
  type OnnxDataType,
} from './tensor-types.js';

/** A serialised model and the weights file it references. */
export interface BuiltModel {
  /** `ModelProto` bytes. */
  readonly model: Uint8Array;
  /** Initializers stored outside the protobuf; empty (`byteLength` 0) when none were large enough. */
  readonly externalData: ExternalData;
}

/** Options of {@link GraphBuilder}. */
export interface GraphBuilderOptions {
  /** Graph name. Default `'graph'`. */
  readonly name?: string;
  /** Opset per domain (`''` = ai.onnx). Default `{ '': 23 }`. */
  readonly opsets?: Readonly<Record<string, number>>;
}

/** Options of {@link GraphBuilder.build}. */
export interface GraphBuildOptions {
  /** `location` of external tensors. Default `'model.onnx.data'`. */
  readonly externalDataPath?: string;
  /** Initializers of at least this many bytes go to external data. Default 1024. */
  readonly externalThreshold?: number;
  /** `metadata_props` of the model. */
  readonly metadata?: Readonly<Record<string, string>>;
  readonly producerName?: string;
}

/** Options of {@link GraphBuilder.node}. */
export interface NodeOptions {
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
  /** Output names, or how many to generate. Default 1 generated name. */
  readonly outputs?: number | readonly string[];
  /** Operator domain. Default `''` (ai.onnx). */
  readonly domain?: string;
  /** Prefix of generated output names. Default the op type. */
  readonly prefix?: string;
}

interface Initializer {
  readonly name: string;
  readonly dtype: OnnxDataType;
  readonly dims: readonly number[];
  readonly bytes: Uint8Array;
}

/** ONNX IR version written; ORT 1.30 reads 10–12. */
export const ONNX_IR_VERSION = 10;

/**
 * Builds an ONNX graph node by node and serialises it with large initializers in external data.
 * Every helper returns tensor names, so graphs read as data flow:
 * `const y = g.op('MatMul', [x, w])`.
 */
export class GraphBuilder {
  readonly name: string;
  readonly #opsets: Map<string, number>;
  readonly #names: TensorNameScope;
  readonly #inputs: onnx.IValueInfoProto[] = [];
  readonly #outputs: onnx.IValueInfoProto[] = [];
  readonly #nodes: onnx.INodeProto[] = [];
  readonly #initializers: Initializer[] = [];
  readonly #constants = new Map<string, string>();

  constructor(options: GraphBuilderOptions = {}) {
    this.name = options.name ?? 'graph';
    this.#names = new TensorNameScope(this.name);
    this.#opsets = new Map(Object.entries(options.opsets ?? { '': 23 }));
  }

  /** Declares (or raises) the opset of `domain`. */
  useOpset(domain: string, version: number): void {
    this.#opsets.set(domain, Math.max(version, this.#opsets.get(domain) ?? 0));
  }

  /** A name not used yet in this graph: `prefix`, else `prefix_1`, `prefix_2`, ... */
  uniqueName(prefix: string): string {
    return this.#names.unique(prefix);
  }

  /** Declares a graph input with fixed and symbolic dimensions; returns its name. */
  addInput(name: string, dtype: OnnxDataType, dims: readonly Dim[]): string {
    this.#claim(name);
    this.#inputs.push(valueInfo(name, dtype, dims));
    return name;
  }

  /** Declares an existing tensor as a graph output; returns its name. */
  addOutput(name: string, dtype: OnnxDataType, dims: readonly Dim[]): string {
    this.#outputs.push(valueInfo(name, dtype, dims));
    return name;
  }

  /** Adds a constant tensor (aliased, not copied); returns its name. */
  addInitializer<T extends OnnxDataType>(
    name: string,
    dtype: T,
    dims: readonly number[],
    data: OnnxArrayMap[T],
  ): string {
    const count = elementCountOf(dims);
    if (data.length !== count) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `initializer \`${name}\`: ${data.length} elements do not fill dims [${dims.join(', ')}] (${count})`,
      );
    }
    this.#claim(name);
    this.#initializers.push({ name, dtype, dims: [...dims], bytes: typedArrayBytes(data) });
    return name;
  }

  /** A 1-D int64 constant (shapes, axes, split sizes), shared between uses. */
  int64s(values: readonly number[]): string {
    return this.#cached(`i64:${values.join(',')}`, 'const_i64', (name) =>
      this.addInitializer(name, 'int64', [values.length], BigInt64Array.from(values, BigInt)),
    );
  }

  /** A float32 scalar (0-D) constant, shared between uses. */
  scalar(value: number): string {
    return this.#cached(`f32:${Object.is(value, -0) ? '-0' : value}`, 'const_f32', (name) =>
      this.addInitializer(name, 'float32', [], Float32Array.of(value)),
    );
  }

  /** Adds a node; returns its output names. Pass `''` for an omitted optional input. */
  node(opType: string, inputs: readonly string[], options: NodeOptions = {}): string[] {
    const requested = options.outputs ?? 1;
    const outputs: string[] = [];
    for (
      let index = 0;
      index < (typeof requested === 'number' ? requested : requested.length);
      index++
    ) {
      const output =
        typeof requested === 'number'
          ? this.uniqueName(options.prefix ?? opType)
          : requested[index];
      if (output !== '') this.#claim(output as string);
      outputs.push(output as string);
    }
    const attributes = Object.entries(options.attributes ?? {}).map(([key, value]) =>
      toAttributeProto(key, value),
    );
    this.#nodes.push({
      opType,
      domain: options.domain ?? '',
      name: `${opType}_${this.#nodes.length}`,
      input: [...inputs],
      output: outputs,
      attribute: attributes,
    });
    return outputs;
  }

  /** Adds a single-output node and returns the output name (named `output` when given). */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
    output?: string,
  ): string {
    const [name] = this.node(opType, inputs, {
      attributes,
      outputs: output === undefined ? 1 : [output],
    });
    return name as string;
  }

  /** Serialises the model; initializers of `externalThreshold` bytes or more go to external data. */
  build(options: GraphBuildOptions = {}): BuiltModel {
    const threshold = options.externalThreshold ?? 1024;
    const external = new ExternalDataWriter(options.externalDataPath ?? 'model.onnx.data');
    const initializer = this.#initializers.map((tensor): onnx.ITensorProto => {
      const base = {
        name: tensor.name,
        dataType: onnxDataTypeCode(tensor.dtype),
        dims: [...tensor.dims],
      };
      if (tensor.bytes.length < threshold) return { ...base, rawData: tensor.bytes };
      const offset = external.append(tensor.bytes);
      return {
        ...base,
        dataLocation: 1, // TensorProto.DataLocation.EXTERNAL
        externalData: [
          { key: 'location', value: external.path },
          { key: 'offset', value: String(offset) },
          { key: 'length', value: String(tensor.bytes.length) },
        ],
      };
    });
    const model: onnx.IModelProto = {
      irVersion: ONNX_IR_VERSION,
      producerName: options.producerName ?? '@confu/model-builder',
      opsetImport: [...this.#opsets].map(([domain, version]) => ({ domain, version })),
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: this.name,
        node: this.#nodes,
        input: this.#inputs,
        output: this.#outputs,
        initializer,
      },
    };
    return { model: onnxProto.ModelProto.encode(model).finish(), externalData: external.finish() };
  }

  #claim(name: string): void {
    this.#names.claim(name);
  }

  #cached(key: string, prefix: string, create: (name: string) => string): string {
    const known = this.#constants.get(key);
    if (known !== undefined) return known;
    const name = create(this.uniqueName(prefix));
    this.#constants.set(key, name);
    return name;
  }
}

function valueInfo(name: string, dtype: OnnxDataType, dims: readonly Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnxDataTypeCode(dtype),
        shape: {
          dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })),
        },
      },
    },
  };
}
