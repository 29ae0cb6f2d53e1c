import { ConfuError } from '@confu/errors';
import { GraphBuilder, TensorNameScope } from '@confu/onnx';
import type {
  BuiltModel,
  Dim,
  GraphBuilderOptions,
  GraphBuildOptions,
  NodeOptions,
  OnnxArrayMap,
  OnnxDataType,
} from '@confu/onnx';
import { inferNode } from './infer/infer-node.js';
import type { RecordedInitializer, RecordedNode, RecordedValue } from './recorded-graph.js';
import type { TensorInfo } from './tensor-info.js';

/** Options of {@link RecordingGraph.lower}. */
export interface LowerOptions {
  /** Initializers to declare as graph inputs instead (trainable parameters). */
  readonly initializersAsInputs?: ReadonlySet<string>;
}

/**
 * A {@link GraphBuilder} that records the graph instead of serialising it as it goes, so the
 * trainer can read it back, append backward and optimiser nodes, and turn parameter
 * initializers into inputs. Being a `GraphBuilder`, it accepts model-builder graph helpers
 * (`graphOps`, decoder layers) unchanged. It infers dtypes and shapes node by node.
 */
export class RecordingGraph extends GraphBuilder {
  readonly #options: GraphBuilderOptions;
  readonly #opsets: Map<string, number>;
  readonly #names: TensorNameScope;
  readonly #nodes: RecordedNode[] = [];
  readonly #inputs: RecordedValue[] = [];
  readonly #outputs: RecordedValue[] = [];
  readonly #initializers = new Map<string, RecordedInitializer>();
  readonly #info = new Map<string, TensorInfo>();

  constructor(options: GraphBuilderOptions = {}) {
    super(options);
    this.#names = new TensorNameScope(this.name);
    this.#options = options;
    this.#opsets = new Map(Object.entries(options.opsets ?? { '': 23 }));
  }

  /** Nodes in insertion (topological) order. */
  get nodes(): readonly RecordedNode[] {
    return this.#nodes;
  }

  get inputs(): readonly RecordedValue[] {
    return this.#inputs;
  }

  get outputs(): readonly RecordedValue[] {
    return this.#outputs;
  }

  get initializers(): ReadonlyMap<string, RecordedInitializer> {
    return this.#initializers;
  }

  /** Inferred dtype and dims of tensor `name`, when known. */
  info(name: string): TensorInfo | undefined {
    return this.#info.get(name);
  }

  /** The values of an int64 initializer (axes, shapes), when `name` is one. */
  constantInts(name: string): number[] | undefined {
    const initializer = this.#initializers.get(name);
    if (initializer?.dtype !== 'int64') return undefined;
    return Array.from(initializer.data as BigInt64Array, Number);
  }

  override useOpset(domain: string, version: number): void {
    this.#opsets.set(domain, Math.max(version, this.#opsets.get(domain) ?? 0));
  }

  override uniqueName(prefix: string): string {
    return this.#names.unique(prefix);
  }

  override addInput(name: string, dtype: OnnxDataType, dims: readonly Dim[]): string {
    this.#claim(name);
    this.#inputs.push({ name, dtype, dims: [...dims] });
    this.#info.set(name, { dtype, dims: [...dims] });
    return name;
  }

  override addOutput(name: string, dtype: OnnxDataType, dims: readonly Dim[]): string {
    this.#outputs.push({ name, dtype, dims: [...dims] });
    return name;
  }

  override addInitializer<T extends OnnxDataType>(
    name: string,
    dtype: T,
    dims: readonly number[],
    data: OnnxArrayMap[T],
  ): string {
    const count = dims.reduce((product, dim) => product * dim, 1);
    if (data.length !== count) {
      throw new ConfuError(
        'INVALID_ARGUMENT',
        `initializer \`${name}\`: ${data.length} elements do not fill dims [${dims.join(', ')}] (${count})`,
      );
    }
    this.#claim(name);
    this.#initializers.set(name, { name, dtype, dims: [...dims], data });
    this.#info.set(name, { dtype, dims: [...dims] });
    return name;
  }

  override node(opType: string, inputs: readonly string[], options: NodeOptions = {}): string[] {
    const requested = options.outputs ?? 1;
    const outputs =
      typeof requested === 'number'
        ? Array.from({ length: requested }, () => this.#claimed(options.prefix ?? opType))
        : requested.map((name) => (name === '' ? name : (this.#claim(name), name)));
    const node: RecordedNode = {
      name: `${opType}_${this.#nodes.length}`,
      opType,
      domain: options.domain ?? '',
      inputs: [...inputs],
      outputs,
      attributes: { ...options.attributes },
    };
    this.#nodes.push(node);
    const inferred = inferNode(
      node,
      (name) => this.#info.get(name),
      (name) => this.constantInts(name),
    );
    outputs.forEach((name, index) => {
      const info = inferred[index];
      if (name !== '' && info) this.#info.set(name, info);
    });
    return outputs;
  }

  /** Replays the recording into a plain {@link GraphBuilder}. */
  lower(options: LowerOptions = {}): GraphBuilder {
    const promoted = options.initializersAsInputs ?? new Set<string>();
    const builder = new GraphBuilder({
      ...this.#options,
      opsets: Object.fromEntries(this.#opsets),
    });
    for (const input of this.#inputs) builder.addInput(input.name, input.dtype, input.dims);
    for (const tensor of this.#initializers.values()) {
      if (promoted.has(tensor.name)) builder.addInput(tensor.name, tensor.dtype, tensor.dims);
      else builder.addInitializer(tensor.name, tensor.dtype, tensor.dims, tensor.data);
    }
    for (const node of this.#nodes) {
      builder.node(node.opType, node.inputs, {
        attributes: node.attributes,
        outputs: node.outputs,
        domain: node.domain,
      });
    }
    for (const output of this.#outputs) builder.addOutput(output.name, output.dtype, output.dims);
    return builder;
  }

  override build(options: GraphBuildOptions = {}): BuiltModel {
    return this.lower().build(options);
  }

  #claimed(prefix: string): string {
    const name = this.uniqueName(prefix);
    this.#claim(name);
    return name;
  }

  #claim(name: string): void {
    this.#names.claim(name);
  }
}
