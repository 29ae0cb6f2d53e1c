/**
 * @module inference-worker
 * Worker-thread entry: loads the model and drafter once, then serves one generation at a time
 * for the main thread (ONNX Runtime's `run()` blocks its thread, so it never runs on the event loop
 * of the HTTP server).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfuError } from '@confu/errors';
import { load } from '@confu/node';
import type { Llm } from '@confu/node';
import type { FromWorker, ToWorker, WorkerError, WorkerInit } from './messages.js';
import { nativeCallProfiler } from './native-calls.js';
import { runWorkerGeneration } from './worker-generation.js';

if (!parentPort) throw new Error('inference-worker must run in a worker thread');
const port = parentPort;
const init = workerData as WorkerInit;
const post = (message: FromWorker): void => port.postMessage(message);
const controllers = new Map<number, AbortController>();

// Loading creates ONNX Runtime sessions (native calls): the flag stays up until it is done.
Atomics.store(init.nativeCalls, 0, 1);
const loaded = await loadLlm()
  .catch((error: unknown) => {
    post({ type: 'load-error', error: toWorkerError(error) });
    port.close();
    return undefined;
  })
  .finally(() => Atomics.store(init.nativeCalls, 0, 0));
if (loaded) {
  port.on('message', (message: ToWorker) => {
    if (message.type === 'exit') {
      void loaded.dispose().finally(() => port.close());
      return;
    }
    if (message.type === 'abort') {
      controllers.get(message.id)?.abort(new DOMException('client disconnected', 'AbortError'));
      return;
    }
    const controller = new AbortController();
    controllers.set(message.id, controller);
    const { id, request } = message;
    runWorkerGeneration(loaded, { id, request, tree: init.tree, signal: controller.signal, post })
      .catch((error: unknown) =>
        post(
          controller.signal.aborted
            ? { type: 'aborted', id }
            : { type: 'error', id, error: toWorkerError(error) },
        ),
      )
      .finally(() => controllers.delete(id));
  });
  post({
    type: 'ready',
    info: {
      contextLength: loaded.model.lm.info.contextLength,
      vocabSize: loaded.model.tokenizer.vocabSize,
      hasChatTemplate: loaded.hasChatTemplate,
      maxTokenBytes: maxTokenBytes(loaded),
    },
  });
}

// A broken draft model fails the start, not the first request.
function loadLlm(): Promise<Llm> {
  return load(init.modelPath, {
    draft: init.draft,
    ...(init.numThreads === undefined ? {} : { threads: init.numThreads }),
    ...(init.cacheDirectory === undefined ? {} : { cacheDirectory: init.cacheDirectory }),
    ...(init.dtype === undefined ? {} : { dtype: init.dtype }),
    profiler: nativeCallProfiler(init.nativeCalls),
  });
}

/** The longest text one token decodes to, in UTF-8 bytes (at least 1). */
function maxTokenBytes(llm: Llm): number {
  const { tokenizer } = llm.model;
  const encoder = new TextEncoder();
  let longest = 1;
  for (let id = 0; id < tokenizer.vocabSize; id++) {
    try {
      longest = Math.max(longest, encoder.encode(tokenizer.decode([id])).length);
    } catch {
      // an id the tokenizer cannot decode alone adds nothing to a prompt's text
    }
  }
  return longest;
}

function toWorkerError(error: unknown): WorkerError {
  const param = (error as { param?: unknown } | null)?.param;
  return {
    code: ConfuError.isInstance(error) ? error.code : 'INTERNAL',
    message: error instanceof Error ? error.message : String(error),
    ...(typeof param === 'string' ? { param } : {}),
  };
}
