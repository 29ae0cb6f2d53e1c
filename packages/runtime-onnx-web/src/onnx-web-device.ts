/** An onnxruntime-web execution provider: `webgpu` (GPU, browsers) or `wasm` (CPU, everywhere). */
export type OnnxWebDevice = 'webgpu' | 'wasm';
