import jsepModuleUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';
import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';

/**
 * The folder onnxruntime-web loads `ort-wasm-simd-threaded.jsep.{mjs,wasm}` from (its wasm and
 * WebGPU backends share them). Both are imported from the package as URLs, so Vite serves them in
 * dev and emits them, under their own names (see vite.config.ts), in the build; the adapter's
 * `wasmPaths` is their folder. Nothing comes from a CDN.
 * @throws Error when the two files do not share a folder (a build configuration mistake).
 */
export function ortWasmPaths(base: string = globalThis.location.href): string {
  const folderOf = (url: string): string => new URL('.', new URL(url, base)).href;
  const folder = folderOf(jsepWasmUrl);
  if (
    folderOf(jsepModuleUrl) !== folder ||
    !new URL(jsepWasmUrl, base).href.endsWith('/ort-wasm-simd-threaded.jsep.wasm')
  ) {
    throw new Error(
      `onnxruntime-web's files must keep their names in one folder: ${jsepWasmUrl}, ${jsepModuleUrl}`,
    );
  }
  return folder;
}
