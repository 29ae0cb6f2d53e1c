export { createOnnxNodeRuntime } from './create-onnx-node-runtime.js';
export type { OnnxNodeRuntimeOptions } from './create-onnx-node-runtime.js';
