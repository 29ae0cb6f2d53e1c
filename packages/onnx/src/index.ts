/**
 * @module @confu/onnx
 * A small ONNX writer: typed inputs and outputs with symbolic dimensions, initializers (large ones
 * in 64-byte-aligned external data, returned as chunks), nodes and opsets. Universal.
 */
export { GraphBuilder, ONNX_IR_VERSION } from './graph-builder.js';
export type {
  BuiltModel,
  GraphBuilderOptions,
  GraphBuildOptions,
  NodeOptions,
} from './graph-builder.js';
export { float, floats } from './attributes.js';
export type { AttributeValue, FloatAttribute, FloatsAttribute } from './attributes.js';
export { EXTERNAL_DATA_ALIGNMENT, concatExternalData } from './external-data.js';
export type { ExternalData } from './external-data.js';
export { graphOps } from './ops.js';
export { onnxDataTypeCode, onnxDataTypeOfCode } from './tensor-types.js';
export { TensorNameScope } from './tensor-name-scope.js';
export type { Dim, OnnxArrayMap, OnnxDataType } from './tensor-types.js';
