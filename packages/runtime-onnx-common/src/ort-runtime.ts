import type { TensorRuntime } from '@confu/core';
import { ConfuError } from '@confu/errors';
import { errorMessage } from './error-message.js';

/** The {@link TensorRuntime} of an onnxruntime adapter named `name` (`onnx-node`, `onnx-web`). */
export function ortRuntime(name: string, loadModel: TensorRuntime['loadModel']): TensorRuntime {
  return { specificationVersion: 'v1', name, loadModel };
}

/**
 * Imports an engine on first use and only once (adapters load nothing until the first
 * `loadModel()`); a failed import fails that call and every later one the same way.
 * @param describeFailure the error message from the import's error message.
 * @returns the import, rejected with ConfuError `RUNTIME_UNAVAILABLE` when it fails.
 */
export function lazyEngine<T>(
  load: () => Promise<T>,
  describeFailure: (message: string) => string,
): () => Promise<T> {
  let engine: Promise<T> | undefined;
  return () =>
    (engine ??= load().catch((cause: unknown) => {
      throw new ConfuError('RUNTIME_UNAVAILABLE', describeFailure(errorMessage(cause)), { cause });
    }));
}
