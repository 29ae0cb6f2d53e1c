import type { FileSource, ModelDtype } from '@confu/core';
import { createLlm, loadChatPrompt, openDrafter, ownHeadFolders, toDraftChoice } from '@confu/llm';
import type { DraftChoice, DraftMethod, Llm } from '@confu/llm';
import { loadTextModel } from '@confu/model-loader';
import { createOnnxWebRuntime } from '@confu/runtime-onnx-web';
import type { OnnxWebRuntimeOptions } from '@confu/runtime-onnx-web';
import { createHubFileSource } from './hub-file-source.js';
import type { FileProgress, HubFolder } from './hub-file-source.js';

/** Options of {@link load}: those of `@confu/node`'s `load` that a browser has, plus the runtime's. */
export interface LoadOptions extends Omit<OnnxWebRuntimeOptions, 'numThreads'> {
  /** Speculative decoding: a method (`'eagle3'`) or `{ method, from }` (`from`: a hub id). */
  readonly draft?: DraftChoice | DraftMethod;
  /** How the matrices are stored. Default `fp32`. */
  readonly dtype?: ModelDtype;
  /** wasm threads (more than one needs cross-origin isolation). */
  readonly threads?: number;
  readonly signal?: AbortSignal;
  /** Hub or mirror for hub ids. Default `https://huggingface.co`. */
  readonly hubEndpoint?: string;
  /** Keeps hub files between visits (Cache Storage, e.g. `await caches.open('confu-models')`). */
  readonly cache?: Cache;
  readonly onProgress?: (progress: FileProgress) => void;
  /** The draft model's files (picked head folder), used with `draft.from: 'files'`. */
  readonly draftFiles?: FileSource;
}

/**
 * Loads a model — a hub id (`owner/name[/folder]`, fetched once and cached) or a {@link FileSource}
 * (picked files, a URL folder) — and its drafter on onnxruntime-web. Same shape as `@confu/node`'s
 * `load`; run it in a Web Worker, since ORT's `run()` blocks its thread.
 * @throws ConfuError `INVALID_ARGUMENT` (a head method with no head known: names `draft.from`; a
 * `dtype` other than fp32, fp16, q8, q4), and loading errors.
 */
export async function load(model: string | FileSource, options: LoadOptions = {}): Promise<Llm> {
  const {
    draft,
    draftFiles,
    dtype,
    threads,
    signal,
    hubEndpoint,
    cache,
    onProgress,
    ...runtimeOptions
  } = options;
  const choice = toDraftChoice(draft);
  const hubOptions = {
    ...(hubEndpoint === undefined ? {} : { endpoint: hubEndpoint }),
    ...(cache ? { cache } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  };
  const source = typeof model === 'string' ? await createHubFileSource(model, hubOptions) : model;
  const runtime = createOnnxWebRuntime({
    ...runtimeOptions,
    ...(threads === undefined ? {} : { numThreads: threads }),
  });
  const textModel = await loadTextModel({ source, runtime, ...(dtype ? { dtype } : {}) });
  try {
    signal?.throwIfAborted();
    const chat = await loadChatPrompt(source, textModel.tokenizer);
    const drafter = await openDrafter(textModel, source, choice, {
      runtime,
      ...(dtype ? { dtype } : {}),
      open: async (reference) => ({
        source:
          reference === 'files' && draftFiles
            ? draftFiles
            : await createHubFileSource(reference, hubOptions),
      }),
      ownHead: (method) => {
        const folder = ownHeadFolders[method];
        const hub = source as Partial<HubFolder>;
        return Promise.resolve(
          hub.hasFolder?.(folder) && hub.subfolder ? { source: hub.subfolder(folder) } : undefined,
        );
      },
    });
    return createLlm({ model: textModel, drafter, method: choice.method, chat });
  } catch (error) {
    await textModel.dispose();
    throw error;
  }
}
