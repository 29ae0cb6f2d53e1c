import type { TextModel, FileSource } from '@confu/core';
import { loadTextModel } from '@confu/model-loader';
import { createOnnxWebRuntime } from '@confu/runtime-onnx-web';
import type { OnnxWebRuntimeOptions } from '@confu/runtime-onnx-web';

/** Options of {@link loadModel}: where ORT's wasm files live and which devices to try. */
export type LoadModelOptions = OnnxWebRuntimeOptions;

/**
 * Loads a llama2.c or Hugging Face model from a {@link FileSource} (picked files or a URL folder)
 * on onnxruntime-web. The graph is built in memory; run it inside a Web Worker, since ORT's `run()`
 * blocks the thread it runs on.
 */
export function loadModel(source: FileSource, options: LoadModelOptions = {}): Promise<TextModel> {
  return loadTextModel({ source, runtime: createOnnxWebRuntime(options) });
}
