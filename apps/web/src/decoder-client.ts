import type { Decoder } from './decoder.js';
import type { FileProgress } from '@confu/browser';
import type {
  DecodedChunk,
  DecoderReplyMessage,
  DecoderRequestMessage,
  GenerateRequest,
  LoadRequest,
  ModelInfo,
} from './decoder-protocol.js';
import type { MessageEndpoint } from './message-endpoint.js';
import { fromWireError } from './wire-error.js';

type Listener = (message: DecoderReplyMessage) => void;
type Endpoint = MessageEndpoint<DecoderReplyMessage, DecoderRequestMessage>;

/**
 * The page's {@link Decoder}: a typed proxy that forwards every call to the decoder served on
 * `endpoint` (a Web Worker, see {@link createWorkerDecoderClient}) and rebuilds its errors.
 */
export class DecoderClient implements Decoder {
  readonly #endpoint: Endpoint;
  readonly #listeners = new Map<number, Listener>();
  readonly #onDispose: () => void;
  #nextId = 1;

  constructor(endpoint: Endpoint, onDispose: () => void = () => {}) {
    this.#endpoint = endpoint;
    this.#onDispose = onDispose;
    endpoint.addEventListener('message', ({ data }) => this.#listeners.get(data.id)?.(data));
  }

  load(request: LoadRequest, onProgress?: (progress: FileProgress) => void): Promise<ModelInfo> {
    const message = { type: 'load', id: this.#nextId++, request } as const;
    return this.#call(message, onProgress).then((reply) => {
      if (reply.type !== 'loaded') throw new Error(`unexpected reply \`${reply.type}\` to load`);
      return reply.info;
    });
  }

  async *generate(
    request: GenerateRequest,
    signal?: AbortSignal,
  ): AsyncGenerator<DecodedChunk, void> {
    signal?.throwIfAborted();
    const id = this.#nextId++;
    const inbox: DecoderReplyMessage[] = [];
    let wake: (() => void) | undefined;
    this.#listeners.set(id, (message) => {
      inbox.push(message);
      wake?.();
    });
    const abort = (): void => this.#endpoint.postMessage({ type: 'abort', id });
    signal?.addEventListener('abort', abort, { once: true });
    let finished = false;
    try {
      this.#endpoint.postMessage({ type: 'generate', id, request });
      for (;;) {
        if (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const message = inbox.shift();
        if (!message) continue;
        if (message.type === 'chunk') yield message.chunk;
        else if (message.type === 'error') throw fromWireError(message.error);
        else if (message.type === 'progress') continue;
        else {
          finished = true;
          return;
        }
      }
    } finally {
      signal?.removeEventListener('abort', abort);
      this.#listeners.delete(id);
      // The consumer stopped early (break / throw): stop the worker too.
      if (!finished) abort();
    }
  }

  async dispose(): Promise<void> {
    try {
      await this.#call({ type: 'dispose', id: this.#nextId++ });
    } finally {
      this.#onDispose();
    }
  }

  /** Fails every pending call, e.g. when the worker itself crashed. */
  failAll(message: string): void {
    for (const [id, listener] of this.#listeners) {
      listener({ type: 'error', id, error: { name: 'Error', code: 'WORKER_FAILED', message } });
    }
  }

  #call(
    message: Exclude<DecoderRequestMessage, { type: 'generate' | 'abort' }>,
    onProgress?: (progress: FileProgress) => void,
  ): Promise<DecoderReplyMessage> {
    return new Promise((resolve, reject) => {
      this.#listeners.set(message.id, (reply) => {
        if (reply.type === 'progress') {
          onProgress?.(reply.progress);
          return;
        }
        this.#listeners.delete(message.id);
        if (reply.type === 'error') reject(fromWireError(reply.error));
        else resolve(reply);
      });
      this.#endpoint.postMessage(message);
    });
  }
}

/** Starts the decoder worker and returns its client. */
export function createWorkerDecoderClient(): DecoderClient {
  const worker = new Worker(new URL('./worker/decoder-worker.ts', import.meta.url), {
    type: 'module',
    name: 'confu-decoder',
  });
  const client = new DecoderClient(worker as Endpoint, () => worker.terminate());
  worker.addEventListener('error', (event) =>
    client.failAll(event.message || 'the decoder worker failed'),
  );
  return client;
}
