/**
 * @module @confu/runtime-onnx-common
 * Code shared by the onnxruntime adapters (node and web both build on onnxruntime-common's types):
 * argument checks before a run, zero-copy tensor conversion, error-message extraction. Internal to
 * the adapters; apps never import it.
 */
export { checkRunArguments } from './check-run-arguments.js';
export { errorMessage } from './error-message.js';
export { fromOrtTensor, toOrtTensor } from './tensor-conversion.js';
