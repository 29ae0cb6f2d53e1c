import { ConfuError } from '@confu/errors';
import { load } from '@confu/browser';
import type { FileSource, LoadLlmOptions, Llm } from '@confu/browser';
import type { Decoder } from '../decoder.js';
import type { DrafterRequest, HeadMethod } from '../decoder-protocol.js';
import { createChunkSplitter } from './chunk-splitter.js';
import { modelCacheName } from './model-cache-name.js';
import { openModelSource } from './model-source.js';
import type { OpenedModel } from './model-source.js';

/** Runtime options shared by the target model and the drafters; `cache` keeps hub files. */
export type LocalDecoderOptions = Pick<LoadLlmOptions, 'wasmPaths' | 'threads'> & {
  /** Cache Storage for hub files (default: `caches.open('confu-models')` where available). */
  readonly openCache?: () => Promise<Cache | undefined>;
};

interface Loaded {
  readonly model: OpenedModel;
  readonly options: LoadLlmOptions;
  llm: Llm;
  /** Which head the llm holds (`none` when it holds none). */
  head: string;
}

/**
 * The in-thread {@link Decoder} over `@confu/browser`'s `load()`. It blocks its thread while ONNX
 * Runtime runs, so the web app hosts it in a Web Worker (`decoder-worker.ts`). Plain and n-gram
 * decoding use the loaded model as it is (per call); a head is loaded with the model on first use,
 * in the model's dtype. An unsupported dtype fails the load with `load()`'s own error.
 */
export function createLocalDecoder(options: LocalDecoderOptions = {}): Decoder {
  const { openCache = defaultCache, ...runtime } = options;
  let loaded: Loaded | undefined;
  let running = false;

  const assertIdle = (): void => {
    if (running) throw new ConfuError('INVALID_ARGUMENT', 'a generation is already running');
  };
  const unload = async (): Promise<void> => {
    const previous = loaded;
    loaded = undefined;
    await previous?.llm.dispose();
  };

  return {
    async load(request, onProgress) {
      assertIdle();
      await unload();
      const cache = request.model.kind === 'hub' ? await openCache() : undefined;
      const model = await openModelSource(request.model, {
        ...(cache ? { cache } : {}),
        ...(onProgress ? { onProgress } : {}),
      });
      const dtype = request.dtype ?? 'fp32';
      // The dtype stays with the model: a head loaded later is converted to it too.
      const loadOptions: LoadLlmOptions = {
        ...runtime,
        dtype,
        ...(request.devices ? { devices: request.devices } : {}),
      };
      const llm = await load(model.source, loadOptions);
      loaded = { model, options: loadOptions, llm, head: 'none' };
      const { vocabSize, contextLength } = llm.model.lm.info;
      return { vocabSize, contextLength, dtype, ownHeads: model.ownHeads };
    },

    async *generate(request, signal) {
      assertIdle();
      const current = loaded;
      if (!current) throw new ConfuError('INVALID_ARGUMENT', 'load a model first');
      running = true;
      try {
        const llm = await withHead(current, request.drafter);
        const promptTokens = llm.encode(request.prompt);
        const split = createChunkSplitter(
          llm.model.tokenizer.createStreamDecoder({ prefixIds: promptTokens }),
        );
        for await (const chunk of llm.chunks(promptTokens, {
          maxTokens: request.maxTokens,
          temperature: request.temperature,
          seed: request.seed ?? 0,
          method: request.drafter.kind,
          tree: request.drafter.tree,
          ...(signal ? { signal } : {}),
        })) {
          yield split(chunk);
        }
      } catch (error) {
        if (!signal?.aborted) throw error;
      } finally {
        running = false;
      }
    },

    dispose: unload,
  };
}

async function defaultCache(): Promise<Cache | undefined> {
  return typeof caches === 'undefined' ? undefined : caches.open(modelCacheName);
}

/**
 * The loaded llm, reloaded with the requested head when it holds another: the model's own trained
 * head, picked head files, or an untrained head from an explicit `random:<seed>` (tests only).
 */
async function withHead(loaded: Loaded, request: DrafterRequest): Promise<Llm> {
  if (request.kind !== 'eagle3' && request.kind !== 'confu') return loaded.llm;
  const head = request.head ?? { from: 'own' };
  const key = JSON.stringify([
    request.kind,
    head.from === 'files'
      ? head.files.map((file) => [file.name, file.size, file.lastModified])
      : head.from === 'random'
        ? head.seed
        : 'own',
  ]);
  if (loaded.head === key) return loaded.llm;
  const { draft, draftFiles } = headOptions(loaded.model, request.kind, head);
  const llm = await load(loaded.model.source, {
    ...loaded.options,
    draft,
    ...(draftFiles ? { draftFiles } : {}),
  });
  await loaded.llm.dispose();
  loaded.llm = llm;
  loaded.head = key;
  return llm;
}

function headOptions(
  model: OpenedModel,
  method: HeadMethod,
  head: NonNullable<DrafterRequest['head']>,
): { draft: NonNullable<LoadLlmOptions['draft']>; draftFiles?: FileSource } {
  if (head.from === 'random') return { draft: { method, from: `random:${head.seed}` } };
  const files = head.from === 'files' ? model.openFiles(head.files) : model.headSource(method);
  // A hub model's own head is found by `load` itself (its eagle3/ or confu/ folder).
  return files ? { draft: { method, from: 'files' }, draftFiles: files } : { draft: { method } };
}
