import { resolve } from 'node:path';
import type { Drafter } from '@confu/core';
import type { TextModel } from '@confu/core';
import { createDrafter } from '@confu/model-loader';
import type { DrafterSpec } from '@confu/model-loader';
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
  options: { cacheDirectory?: string; numThreads?: number } = {},
): Promise<Drafter | undefined> {
  const draftDirectory = spec.modelPath === undefined ? undefined : resolve(spec.modelPath);
  return createDrafter(target, spec, {
    target: createDirectoryFileSource(resolve(targetPath)),
    runtime: createOnnxNodeRuntime(
      options.numThreads === undefined ? {} : { numThreads: options.numThreads },
    ),
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
