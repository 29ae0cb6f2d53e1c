import type { OnnxWebDevice } from '../onnx-web-device.js';

/**
 * `['wasm']` under Node (onnxruntime-web's Node build has no WebGPU backend), else
 * `['webgpu', 'wasm']`. Takes the global object as a parameter so tests can inject one and so
 * nothing is sniffed at import time.
 */
export function defaultDevices(globalObject: object): readonly OnnxWebDevice[] {
  const versions = (globalObject as { process?: { versions?: { node?: unknown } } }).process
    ?.versions;
  return typeof versions?.node === 'string' ? ['wasm'] : ['webgpu', 'wasm'];
}
