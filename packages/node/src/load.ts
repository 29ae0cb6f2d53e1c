import { resolve } from 'node:path';
import type { ModelDtype, Profiler } from '@confu/core';
import type { DownloadProgress, ResolveModelOptions } from '@confu/hub';
import { createLlm, loadChatPrompt, openDrafter } from '@confu/llm';
import type { DraftChoice, DraftMethod, Llm } from '@confu/llm';
import { profileRuntime } from '@confu/runtime';
import { createOnnxNodeRuntime } from '@confu/runtime-onnx-node';
import { createDirectoryFileSource } from './directory-file-source.js';
import { createDiskModelStore, defaultCacheDirectory } from './disk-model-store.js';
import { loadModel } from './load-model.js';
import { resolveLoad } from './resolve-load.js';

/** Options of {@link load}. */
export interface LoadOptions {
  /** Speculative decoding: a method (`'eagle3'`) or `{ method, from }`. Default plain decoding. */
  readonly draft?: DraftChoice | DraftMethod;
  /** How the matrices are stored. Default `fp32`. */
  readonly dtype?: ModelDtype;
  /** ONNX Runtime intra-op threads. Default: onnxruntime-node's choice. */
  readonly threads?: number;
  readonly signal?: AbortSignal;
  /** Use the Hugging Face cache only (also `HF_HUB_OFFLINE=1`). */
  readonly offline?: boolean;
  /** Hub or mirror base URL. Default `$HF_ENDPOINT`, else `https://huggingface.co`. */
  readonly hubEndpoint?: string;
  /** Further hub options: cache folder, token, revision. */
  readonly hub?: Omit<ResolveModelOptions, 'offline' | 'endpoint' | 'signal' | 'onProgress'>;
  /** Download progress of hub files. */
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Where converted graphs are cached. Default `$CONFU_CACHE_DIR`, else `~/.cache/confu`. */
  readonly cacheDirectory?: string;
  /** Let ONNX Runtime's idle threads spin between runs. */
  readonly allowSpinning?: boolean;
  /** Records the model's and the drafter's runs (`target.run`, `head.run`). */
  readonly profiler?: Profiler;
}

/**
 * Loads a model — a local folder (llama2.c or Hugging Face layout) or a hub id, downloaded once into
 * the Hugging Face cache — and its drafter, on onnxruntime-node.
 * @example
 * await using llm = await load('models/stories260k', { draft: { method: 'eagle3' } });
 * const { text, stats } = await llm.generate('Once upon a time', { maxTokens: 64 });
 * @throws ConfuError `FILE_NOT_FOUND` (no such folder or hub path), `INVALID_ARGUMENT` (a head
 * method with no head known: names `draft.from`), `UNSUPPORTED` (`dtype`), and loading errors.
 */
export async function load(pathOrHubId: string, options: LoadOptions = {}): Promise<Llm> {
  const { signal } = options;
  signal?.throwIfAborted();
  const hub: ResolveModelOptions = {
    ...options.hub,
    ...(options.offline === undefined ? {} : { offline: options.offline }),
    ...(options.hubEndpoint === undefined ? {} : { endpoint: options.hubEndpoint }),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(signal ? { signal } : {}),
  };
  const { modelPath, draft } = await resolveLoad(pathOrHubId, options.draft, hub);
  signal?.throwIfAborted();
  const threads = {
    ...(options.threads === undefined ? {} : { numThreads: options.threads }),
    ...(options.allowSpinning === undefined ? {} : { allowSpinning: options.allowSpinning }),
  };
  const cacheDirectory = options.cacheDirectory ?? defaultCacheDirectory();
  const model = await loadModel(modelPath, {
    ...threads,
    cacheDirectory,
    ...(options.profiler ? { profiler: options.profiler } : {}),
    ...(options.dtype === undefined ? {} : { dtype: options.dtype }),
  });
  try {
    signal?.throwIfAborted();
    const target = createDirectoryFileSource(modelPath);
    const chat = await loadChatPrompt(target, model.tokenizer);
    const runtime = createOnnxNodeRuntime(threads);
    const drafter = await openDrafter(model, target, draft, {
      runtime: options.profiler ? profileRuntime(runtime, options.profiler, 'head') : runtime,
      ...(options.dtype === undefined ? {} : { dtype: options.dtype }),
      // `resolveLoad` turned `from` into a local folder, the model's own head included.
      open: (path) =>
        Promise.resolve({
          source: createDirectoryFileSource(resolve(path)),
          store: createDiskModelStore(cacheDirectory, resolve(path)),
        }),
      ownHead: () => Promise.resolve(undefined),
    });
    return createLlm({ model, drafter, method: draft.method, chat });
  } catch (error) {
    await model.dispose();
    throw error;
  }
}
