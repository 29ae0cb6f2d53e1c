import * as onnxProtoModule from 'onnx-proto';

type OnnxNamespace = typeof onnxProtoModule.onnx;
// onnx-proto is CommonJS: depending on the loader `onnx` is a named export or under `default`.
const interop = onnxProtoModule as unknown as { onnx?: OnnxNamespace; default?: { onnx: OnnxNamespace } };
const onnx = (interop.onnx ?? interop.default?.onnx) as OnnxNamespace;

const FLOAT = 1;
const DOUBLE = 11;

function retype(value: { type?: { tensorType?: { elemType?: number | null } | null } | null }): void {
  const tensorType = value.type?.tensorType;
  if (tensorType?.elemType === FLOAT) tensorType.elemType = DOUBLE;
}

/**
 * Rewrites a float32 model (all initializers inline) as float64: declared inputs and outputs,
 * float initializers (values widened exactly) and `Cast(to = float)` nodes. The trainer's graphs
 * are built in float32; gradient checks run the very same graphs in double precision.
 */
export function toFloat64Model(bytes: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph as InstanceType<typeof onnx.GraphProto>;
  for (const value of [...graph.input, ...graph.output, ...graph.valueInfo]) retype(value);
  for (const tensor of graph.initializer) {
    if (tensor.dataType !== FLOAT) continue;
    const raw = tensor.rawData ?? new Uint8Array();
    const floats = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    tensor.dataType = DOUBLE;
    tensor.rawData = new Uint8Array(Float64Array.from(floats).buffer);
  }
  for (const node of graph.node) {
    if (node.opType !== 'Cast') continue;
    for (const attribute of node.attribute ?? []) {
      if (attribute.name === 'to' && Number(attribute.i) === FLOAT) attribute.i = DOUBLE;
    }
  }
  return onnx.ModelProto.encode(model).finish();
}
