/**
 * @module @confu/runtime-onnx-common
 * Code shared by the onnxruntime adapters (node and web both build on onnxruntime-common's types):
 * the session wrapper, argument checks before a run, zero-copy tensor conversion, load options and
 * error-message extraction. Internal to the adapters; apps never import it.
 */
export { checkRunArguments } from './check-run-arguments.js';
export { errorMessage } from './error-message.js';
export { checkSourceKind, graphOptimizationLevel } from './load-options.js';
export { lazyEngine, ortRuntime } from './ort-runtime.js';
export { OrtSession } from './ort-session.js';
export type { OrtSessionOptions } from './ort-session.js';
export { SerialQueue } from './serial-queue.js';
export { fromOrtTensor, toOrtTensor } from './tensor-conversion.js';
