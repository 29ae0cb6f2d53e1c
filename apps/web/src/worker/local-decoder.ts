import { ConfuError } from '@confu/errors';
import { createFileListSource, createUrlFileSource, load } from '@confu/browser';
import type { FileSource, LoadLlmOptions, Llm } from '@confu/browser';
import type { Decoder } from '../decoder.js';
import type { DrafterRequest, ModelSourceSpec } from '../decoder-protocol.js';
import { createChunkSplitter } from './chunk-splitter.js';

/** Runtime options shared by the target model and the drafters. */
export type LocalDecoderOptions = Pick<LoadLlmOptions, 'wasmPaths' | 'threads'>;

interface Loaded {
  readonly source: FileSource;
  readonly options: LoadLlmOptions;
  llm: Llm;
  /** Which head the llm holds (`none` when it holds none). */
  head: string;
}

/**
 * The in-thread {@link Decoder} over `@confu/browser`'s `load()`. It blocks its thread while ONNX
 * Runtime runs, so the web app hosts it in a Web Worker (`decoder-worker.ts`). Plain and n-gram
 * decoding use the loaded model as it is (per call); a head is loaded with the model on first use.
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
    await previous?.llm.dispose();
  };

  return {
    async load(request) {
      assertIdle();
      await unload();
      const source = sourceOf(request.model);
      const loadOptions: LoadLlmOptions = {
        ...options,
        ...(request.devices ? { devices: request.devices } : {}),
      };
      const llm = await load(source, loadOptions);
      loaded = { source, options: loadOptions, llm, head: 'none' };
      const { vocabSize, contextLength } = llm.model.lm.info;
      return { vocabSize, contextLength };
    },

    async *generate(request, signal) {
      assertIdle();
      const current = loaded;
      if (!current) throw new ConfuError('INVALID_ARGUMENT', 'load a model first');
      running = true;
      try {
        const llm = await withHead(current, request.drafter, request.seed ?? 0);
        const kind = request.drafter.kind;
        const promptTokens = llm.encode(request.prompt);
        const split = createChunkSplitter(
          llm.model.tokenizer.createStreamDecoder({ prefixIds: promptTokens }),
        );
        for await (const chunk of llm.chunks(promptTokens, {
          maxTokens: request.maxTokens,
          temperature: request.temperature,
          seed: request.seed ?? 0,
          method: kind,
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

function sourceOf(spec: ModelSourceSpec): FileSource {
  return spec.kind === 'files'
    ? createFileListSource(spec.files, spec.label)
    : createUrlFileSource(spec.baseUrl, spec.files);
}

/**
 * The loaded llm, reloaded with the requested head when it holds another: picked head files, or
 * (without them) an untrained head from an explicit `random:<seed>`, as the form says.
 */
async function withHead(loaded: Loaded, request: DrafterRequest, seed: number): Promise<Llm> {
  if (request.kind !== 'eagle3' && request.kind !== 'confu') return loaded.llm;
  const files = request.headFiles ?? [];
  const head = JSON.stringify([
    request.kind,
    request.seed ?? seed,
    files.map((file) => [file.name, file.size, file.lastModified]),
  ]);
  if (loaded.head === head) return loaded.llm;
  const llm = await load(loaded.source, {
    ...loaded.options,
    draft: {
      method: request.kind,
      from: files.length > 0 ? 'files' : `random:${request.seed ?? seed}`,
    },
    ...(files.length > 0 ? { draftFiles: createFileListSource(files, 'draft head') } : {}),
  });
  await loaded.llm.dispose();
  loaded.llm = llm;
  loaded.head = head;
  return llm;
}
