import * as onnxProtoModule from 'onnx-proto';

type OnnxNamespace = typeof onnxProtoModule.onnx;

// onnx-proto is CommonJS: bundlers expose `onnx` as a named export, Node's ESM loader only under
// `default` (its export scanner cannot see `$root.onnx = ...`). Accept both.
const interop = onnxProtoModule as unknown as {
  readonly onnx?: OnnxNamespace;
  readonly default?: { readonly onnx: OnnxNamespace };
};

/** The protobufjs `onnx` namespace (ONNX schema v1.10.2; field numbers are stable across versions). */
export const onnxProto: OnnxNamespace = (interop.onnx ?? interop.default?.onnx) as OnnxNamespace;
