import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';

/**
 * The folder onnxruntime-web's browser bundle loads `ort-wasm-simd-threaded.jsep.wasm` from (the
 * wasm and WebGPU backends share it): Vite serves or emits the file from the package itself, under
 * its own name, so the adapter's `wasmPaths` is the URL of its folder. Nothing comes from a CDN.
 */
export function ortWasmPaths(base: string = globalThis.location.href): string {
  return new URL('.', new URL(jsepWasmUrl, base)).href;
}
