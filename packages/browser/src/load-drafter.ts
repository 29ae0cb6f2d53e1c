import type { Drafter, TextModel, FileSource } from '@confu/core';
import { createDrafter } from '@confu/model-loader';
import type { DrafterSpec } from '@confu/model-loader';
import { createOnnxWebRuntime } from '@confu/runtime-onnx-web';
import type { LoadModelOptions } from './load-model.js';

/** Options of {@link loadDrafter}: the runtime's options, plus the draft model's files. */
export interface LoadDrafterOptions extends LoadModelOptions {
  /** Draft head folder (eagle3/confu) or small LM folder (lm); `spec.modelPath` is ignored. */
  readonly draft?: FileSource;
}

/**
 * Builds a drafter for a model loaded with `loadModel(targetSource)` on onnxruntime-web: n-gram
 * lookup, a small LM (`options.draft`), or an EAGLE-3 / ConFu head (`options.draft`, or a seeded
 * random head). Undefined for `none`.
 * @throws ConfuError `INVALID_ARGUMENT` (lm without `draft`), `INVALID_CONFIG` (vocabulary mismatch).
 */
export function loadDrafter(
  target: TextModel,
  targetSource: FileSource,
  spec: DrafterSpec,
  options: LoadDrafterOptions = {},
): Promise<Drafter | undefined> {
  const { draft, ...runtimeOptions } = options;
  return createDrafter(target, spec, {
    target: targetSource,
    runtime: createOnnxWebRuntime(runtimeOptions),
    ...(draft ? { draft } : {}),
  });
}
