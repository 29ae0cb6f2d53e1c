export { createOnnxWebRuntime } from './create-onnx-web-runtime.js';
export type { OnnxWebRuntimeOptions } from './create-onnx-web-runtime.js';
export type { OnnxWebDevice } from './onnx-web-device.js';
