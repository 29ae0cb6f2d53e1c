import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfuError } from '@confu/errors';
import type { ModelDtype, Profiler, TextModel } from '@confu/core';
import { loadTextModel } from '@confu/model-loader';
import { profileRuntime } from '@confu/runtime';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { createDirectoryFileSource } from './directory-file-source.js';
import { createDiskModelStore, defaultCacheDirectory } from './disk-model-store.js';

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /** ONNX Runtime intra-op threads. Default: onnxruntime-node's choice. */
  readonly numThreads?: number;
  /** Where converted graphs are cached. Default {@link defaultCacheDirectory}. */
  readonly cacheDirectory?: string;
  /** Let ONNX Runtime's idle threads spin between runs (see `LoadModelOptions` of @confu/core). */
  readonly allowSpinning?: boolean;
  /** Records every run of the model's session as `target.run` (profiling). */
  readonly profiler?: Profiler;
  /** How the matrices are stored. Default `fp32`. */
  readonly dtype?: ModelDtype;
  /** `MatMulNBits` `accuracy_level` of q8 / q4 graphs (0 float32 compute, 4 int8). Default 4. */
  readonly accuracyLevel?: number;
}

/**
 * Loads a llama2.c or Hugging Face model directory on onnxruntime-node. The first load converts
 * the checkpoint to an ONNX graph under `cacheDirectory`; later loads memory-map it.
 * @throws ConfuError `FILE_NOT_FOUND`, `INVALID_FILE`, `INVALID_CONFIG`, `UNSUPPORTED`, `MODEL_LOAD_FAILED`.
 */
export async function loadModel(path: string, options: LoadModelOptions = {}): Promise<TextModel> {
  const directory = resolve(path);
  const info = await stat(directory).catch((error: unknown) => {
    throw new ConfuError('FILE_NOT_FOUND', `${directory} does not exist`, { cause: error });
  });
  if (!info.isDirectory()) {
    throw new ConfuError(
      'INVALID_ARGUMENT',
      `${directory} is not a directory; pass the folder that holds the model files`,
    );
  }
  return loadTextModel({
    source: createDirectoryFileSource(directory),
    runtime: options.profiler
      ? profileRuntime(createOnnxNodeRuntime(), options.profiler, 'target')
      : createOnnxNodeRuntime(),
    store: createDiskModelStore(options.cacheDirectory ?? defaultCacheDirectory(), directory),
    ...(options.dtype === undefined ? {} : { dtype: options.dtype }),
    ...(options.accuracyLevel === undefined ? {} : { accuracyLevel: options.accuracyLevel }),
    loadOptions: {
      ...(options.numThreads === undefined ? {} : { numThreads: options.numThreads }),
      ...(options.allowSpinning === undefined ? {} : { allowSpinning: options.allowSpinning }),
    },
  });
}
