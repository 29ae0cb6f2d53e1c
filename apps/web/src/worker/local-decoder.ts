import { ConfuError } from '@confu/errors';
import { createFileListSource, createUrlFileSource, loadDrafter, loadModel } from '@confu/browser';
import type { Drafter, FileSource, LoadModelOptions, TextModel } from '@confu/browser';
import type { Decoder } from '../decoder.js';
import type { DrafterRequest, ModelSourceSpec } from '../decoder-protocol.js';
import { createChunkSplitter } from './chunk-splitter.js';

/** Runtime options shared by the target model and the drafters. */
export type LocalDecoderOptions = Pick<LoadModelOptions, 'wasmPaths' | 'numThreads'>;

interface Loaded {
  readonly model: TextModel;
  readonly source: FileSource;
  readonly runtime: LoadModelOptions;
  readonly drafters: Map<string, Promise<Drafter | undefined>>;
}

/**
 * The in-thread {@link Decoder} over `@confu/browser`. It blocks its thread while ONNX Runtime
 * runs, so the web app hosts it in a Web Worker (`decoder-worker.ts`). Drafters are built on first
 * use and kept until the next model load.
 */
export function createLocalDecoder(options: LocalDecoderOptions = {}): Decoder {
  let loaded: Loaded | undefined;
  let running = false;

  const assertIdle = (): void => {
    if (running) throw new ConfuError('INVALID_ARGUMENT', 'a generation is already running');
  };
  const unload = async (): Promise<void> => {
    const previous = loaded;
    loaded = undefined;
    if (!previous) return;
    const drafters = await Promise.allSettled(previous.drafters.values());
    for (const result of drafters) if (result.status === 'fulfilled') await result.value?.dispose();
    await previous.model.dispose();
  };

  return {
    async load(request) {
      assertIdle();
      await unload();
      const source = sourceOf(request.model);
      const runtime: LoadModelOptions = {
        ...options,
        ...(request.devices ? { devices: request.devices } : {}),
      };
      const model = await loadModel(source, runtime);
      loaded = { model, source, runtime, drafters: new Map() };
      const { vocabSize, contextLength } = model.lm.info;
      return { vocabSize, contextLength };
    },

    async *generate(request, signal) {
      assertIdle();
      const current = loaded;
      if (!current) throw new ConfuError('INVALID_ARGUMENT', 'load a model first');
      running = true;
      try {
        const drafter = await drafterFor(current, request.drafter, request.seed ?? 0);
        const promptTokens = current.model.encode(request.prompt);
        const split = createChunkSplitter(
          current.model.tokenizer.createStreamDecoder({ prefixIds: promptTokens }),
          drafter !== undefined,
        );
        for await (const chunk of current.model.generate({
          prompt: promptTokens,
          maxTokens: request.maxTokens,
          temperature: request.temperature,
          seed: request.seed ?? 0,
          ...(signal ? { signal } : {}),
          ...(drafter ? { drafter } : {}),
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

function sourceOf(spec: ModelSourceSpec): FileSource {
  return spec.kind === 'files'
    ? createFileListSource(spec.files, spec.label)
    : createUrlFileSource(spec.baseUrl, spec.files);
}

function drafterFor(
  loaded: Loaded,
  request: DrafterRequest,
  seed: number,
): Promise<Drafter | undefined> {
  const head = request.headFiles ?? [];
  const key = JSON.stringify([
    request.kind,
    request.tree,
    request.seed ?? seed,
    head.map((file) => [file.name, file.size, file.lastModified]),
  ]);
  const cached = loaded.drafters.get(key);
  if (cached) return cached;
  const drafter = loadDrafter(
    loaded.model,
    loaded.source,
    { kind: request.kind, tree: request.tree, seed: request.seed ?? seed },
    {
      ...loaded.runtime,
      ...(head.length > 0 ? { draft: createFileListSource(head, 'draft head') } : {}),
    },
  );
  // A failed build is not kept: the next request tries again.
  drafter.catch(() => loaded.drafters.delete(key));
  loaded.drafters.set(key, drafter);
  return drafter;
}
