import { resolve } from 'node:path';
import type { Drafter, ModelDtype, Profiler, TextModel } from '@confu/core';
import { createDrafter } from '@confu/model-loader';
import type { DrafterSpec } from '@confu/model-loader';
import { profileRuntime } from '@confu/runtime';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { createDirectoryFileSource } from './directory-file-source.js';
import { createDiskModelStore, defaultCacheDirectory } from './disk-model-store.js';

/**
 * Builds a drafter for a model loaded with `loadModel(targetPath)`: n-gram lookup, a small LM
 * (`spec.modelPath`), or an EAGLE-3 / ConFu head (`spec.modelPath`, or a seeded random head).
 */
export function loadDrafter(
  target: TextModel,
  targetPath: string,
  spec: DrafterSpec,
  options: {
    cacheDirectory?: string;
    numThreads?: number;
    allowSpinning?: boolean;
    /** Records every run of the draft model's session as `head.run` (profiling). */
    profiler?: Profiler;
    /** How the draft model's matrices are stored. Default fp32. */
    dtype?: ModelDtype;
  } = {},
): Promise<Drafter | undefined> {
  const draftDirectory = spec.modelPath === undefined ? undefined : resolve(spec.modelPath);
  const runtime = createOnnxNodeRuntime({
    ...(options.numThreads === undefined ? {} : { numThreads: options.numThreads }),
    ...(options.allowSpinning === undefined ? {} : { allowSpinning: options.allowSpinning }),
  });
  return createDrafter(target, spec, {
    target: createDirectoryFileSource(resolve(targetPath)),
    runtime: options.profiler ? profileRuntime(runtime, options.profiler, 'head') : runtime,
    ...(options.dtype ? { dtype: options.dtype } : {}),
    ...(draftDirectory
      ? {
          draft: createDirectoryFileSource(draftDirectory),
          store: createDiskModelStore(
            options.cacheDirectory ?? defaultCacheDirectory(),
            draftDirectory,
          ),
        }
      : {}),
  });
}
