import type { Decoder } from '../decoder.js';
import type { DecoderReplyMessage, DecoderRequestMessage } from '../decoder-protocol.js';
import type { MessageEndpoint } from '../message-endpoint.js';
import { toWireError } from '../wire-error.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

/** How long a generation may hold the worker before it lets queued messages in. */
const yieldIntervalMs = 10;

/**
 * Answers the {@link DecoderClient} protocol on `endpoint` with `decoder`: `load` → `progress`… then `loaded`,
 * `generate` → `chunk`… then `done`, `abort` stops a generation, `dispose` → `done`. Every failure
 * is sent as an `error` message carrying `{ name, code, message }`.
 */
export function serveDecoder(
  decoder: Decoder,
  endpoint: MessageEndpoint<DecoderRequestMessage, DecoderReplyMessage>,
): void {
  const generations = new Map<number, AbortController>();
  const fail = (id: number, error: unknown): void =>
    endpoint.postMessage({ type: 'error', id, error: toWireError(error) });

  const stream = async (
    id: number,
    request: Extract<DecoderRequestMessage, { type: 'generate' }>['request'],
  ): Promise<void> => {
    const controller = new AbortController();
    generations.set(id, controller);
    try {
      let lastYield = performance.now();
      for await (const chunk of decoder.generate(request, controller.signal)) {
        endpoint.postMessage({ type: 'chunk', id, chunk });
        // Lets an `abort` message in before the next round, every few milliseconds rather than
        // every round: each yield is a task turn that the engine's clock counts, and plain decoding
        // has several times more rounds than speculative decoding to pay it on.
        if (performance.now() - lastYield >= yieldIntervalMs) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
      }
      endpoint.postMessage({ type: 'done', id, aborted: controller.signal.aborted });
    } catch (error) {
      fail(id, error);
    } finally {
      generations.delete(id);
    }
  };

  endpoint.addEventListener('message', ({ data: message }) => {
    switch (message.type) {
      case 'load':
        decoder
          .load(message.request, (progress) =>
            endpoint.postMessage({ type: 'progress', id: message.id, progress }),
          )
          .then(
            (info) => endpoint.postMessage({ type: 'loaded', id: message.id, info }),
            (error: unknown) => fail(message.id, error),
          );
        return;
      case 'generate':
        void stream(message.id, message.request);
        return;
      case 'abort':
        generations.get(message.id)?.abort();
        return;
      case 'dispose':
        for (const controller of generations.values()) controller.abort();
        decoder.dispose().then(
          () => endpoint.postMessage({ type: 'done', id: message.id, aborted: false }),
          (error: unknown) => fail(message.id, error),
        );
        return;
    }
  });
}
